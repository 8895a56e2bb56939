package org.llmlb.wsproxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmlb.wsproxy.it.RunsSystem.card;

import java.time.Duration;
import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The UI's WebSocket protocol on {@code /ws-proxy/ws}, spoken by a Jakarta WebSocket client
 * against the simulator: the messages and fields the producer UI codes against.
 */
class WebSocketProtocolIT {

    static final Duration LIMIT = Duration.ofSeconds(30);
    /** 50 ms to the first token, then 10 tokens 10 ms apart: about 140 ms a request. */
    static final String TIMED = "ttft_ms=50;tps=100;tokens=10";
    static final String LONG_RUN = "\"duration_seconds\":600";

    static Servers servers;
    static RunsSystem runs;

    @BeforeAll
    static void start() throws Exception {
        servers = Servers.shared();
        runs = new RunsSystem(servers);
    }

    static LiveChannel channel() throws Exception {
        return LiveChannel.open(servers.wsUri("/ws-proxy/ws"));
    }

    static String start(String clientId, String card) {
        return "{\"type\":\"start\",\"client_id\":\"" + clientId + "\",\"card\":" + card + "}";
    }

    static String concurrency(int n) {
        return "{\"type\":\"constant_concurrency\",\"concurrency\":" + n + "}";
    }

    static String rate(double perSecond) {
        return "{\"type\":\"constant_rate\",\"rate\":" + perSecond + ",\"poisson\":false}";
    }

    static List<JsonObject> ofType(List<JsonObject> messages, String type) {
        return messages.stream().filter(m -> type.equals(m.getString("type"))).toList();
    }

    static double number(JsonObject o, String field) {
        return o.getJsonNumber(field).doubleValue();
    }

    @Test
    void startedEchoesTheClientIdAndTheCardName() throws Exception {
        try (LiveChannel live = channel()) {
            live.send(start("c1", card(runs.simulator(TIMED), concurrency(1), "\"request_count\":1")));

            JsonObject started = live.next("started", LIMIT);

            assertThat(started.getString("client_id")).isEqualTo("c1");
            assertThat(started.getString("name")).isEqualTo("it");
            assertThat(started.getString("id")).isNotBlank();
        }
    }

    @Test
    void withoutAClientIdStartedHasNone() throws Exception {
        try (LiveChannel live = channel()) {
            live.send("{\"type\":\"start\",\"card\":" + card(runs.simulator(TIMED), concurrency(1), "\"request_count\":1") + "}");

            assertThat(live.next("started", LIMIT).containsKey("client_id")).isFalse();
        }
    }

    @Test
    void aRequestCountRunStreamsEveryRecordStampedWithTheServerClockAndEndsFinished() throws Exception {
        try (LiveChannel live = channel()) {
            long before = System.currentTimeMillis();
            live.send(start("c1", card(runs.simulator(TIMED), concurrency(2), "\"request_count\":6")));
            List<JsonObject> messages = live.until(m -> m.getString("type").equals("ended"), LIMIT);
            long after = System.currentTimeMillis();

            assertThat(messages.get(0).getString("type")).isEqualTo("started");
            String id = messages.get(0).getString("id");
            assertThat(messages.get(messages.size() - 1).getString("id")).isEqualTo(id);
            assertThat(messages.get(messages.size() - 1).getString("state")).isEqualTo("finished");
            List<JsonObject> records = ofType(messages, "requests").stream()
                    .flatMap(m -> m.getJsonArray("records").getValuesAs(JsonObject.class).stream()).toList();
            assertThat(records).hasSize(6).allSatisfy(r -> {
                assertThat(r.getJsonNumber("sent_at").longValue()).isBetween(before, after);
                assertThat(r.getInt("status")).isEqualTo(200);
                assertThat(r.getBoolean("error")).isFalse();
                assertThat(number(r, "ttft_ms")).isBetween(45.0, 1000.0);
                // the simulator times tokens from the request's arrival, so a late first token is
                // followed by shorter gaps; what holds is that the last one is never early:
                // 50 ms + 9 gaps of 10 ms after the send, however the gaps fell
                assertThat(number(r, "itl_ms_mean")).isBetween(1.0, 50.0);
                assertThat(number(r, "ttft_ms") + 9 * number(r, "itl_ms_mean")).isGreaterThanOrEqualTo(139.0);
                assertThat(r.getInt("output_tokens")).isEqualTo(10);
                assertThat(r.keySet()).contains("e2e_ms", "tokens_estimated", "endpoint");
            });
        }
    }

    @Test
    void secondsAreExactCountsWithTheLatenciesOfThatSecond() throws Exception {
        try (LiveChannel live = channel()) {
            live.send(start("s", card(runs.simulator(TIMED), concurrency(3), "\"duration_seconds\":4")));
            List<JsonObject> messages = live.until(m -> m.getString("type").equals("ended"), LIMIT);

            List<JsonObject> seconds = ofType(messages, "second");
            JsonObject summary = seconds.get(seconds.size() - 1).getJsonObject("summary");
            seconds.forEach(s -> System.out.println("second: " + s.getInt("requests") + " done, " + s.getInt("offered")
                    + " offered, " + s.getInt("in_flight") + " open at " + s.get("elapsed_seconds") + " s, ttft "
                    + s.get("ttft_ms") + ", e2e " + s.get("e2e_ms") + ", itl " + s.get("itl_ms")));
            // every request is counted in exactly one second, however records are sampled
            assertThat(seconds.stream().mapToInt(s -> s.getInt("requests")).sum()).isEqualTo(summary.getInt("requests"));
            assertThat(seconds.stream().mapToInt(s -> s.getInt("offered")).sum()).isEqualTo(summary.getInt("offered"));
            assertThat(summary.getInt("requests")).isGreaterThan(30);
            assertThat(seconds.stream().mapToDouble(s -> number(s, "elapsed_seconds")).toArray()).isSorted();
            assertThat(seconds).allSatisfy(s -> {
                assertThat(s.getInt("in_flight")).isBetween(0, 3);
                assertThat(s.getInt("errors")).isZero();
                assertThat(s.getInt("output_tokens")).isEqualTo(10 * s.getInt("requests"));
                assertThat(s.getInt("dropped_records")).isZero();
                assertThat(s.getJsonObject("summary").keySet()).contains("ttft_ms", "e2e_ms", "requests");
                if (s.getInt("requests") == 0) {
                    assertThat(s.get("ttft_ms")).isEqualTo(JsonValue.NULL);
                    assertThat(s.get("e2e_ms")).isEqualTo(JsonValue.NULL);
                } else {
                    assertThat(s.getJsonObject("ttft_ms").keySet()).containsExactlyInAnyOrder("p50", "p95", "p99");
                    // never faster than the simulator was told to be; slower only by what a shared CPU adds
                    assertThat(number(s.getJsonObject("ttft_ms"), "p50")).isBetween(45.0, 120.0);
                    assertThat(number(s.getJsonObject("itl_ms"), "p50")).isBetween(8.0, 20.0);
                    assertThat(number(s.getJsonObject("e2e_ms"), "p50")).isBetween(130.0, 260.0);
                }
            });
            assertThat(seconds).filteredOn(s -> s.getInt("requests") > 0).hasSizeGreaterThanOrEqualTo(3);
            assertThat(seconds).anySatisfy(s -> assertThat(s.getInt("in_flight")).isPositive());
            assertThat(messages.get(messages.size() - 1).getString("state")).isEqualTo("finished");
        }
    }

    @Test
    void aBadCardIsAnErrorForThatClientIdAndStartsNothing() throws Exception {
        try (LiveChannel live = channel()) {
            live.send(start("bad", card(runs.simulator(TIMED),
                    "{\"type\":\"ramp\",\"from_rate\":0,\"over_seconds\":10}", "\"request_count\":1")));
            live.send(start("far", card("http://example.com/v1", concurrency(1), "\"request_count\":1")));
            live.send(start("good", card(runs.simulator(TIMED), concurrency(1), "\"request_count\":1")));

            List<JsonObject> answers = live.until(m -> m.getString("type").equals("started"), LIMIT);

            // messages on one socket keep their order: had "bad" or "far" started, it would come first
            assertThat(answers).extracting(m -> m.getString("type") + " " + m.getString("client_id"))
                    .containsExactly("error bad", "error far", "started good");
            assertThat(answers.get(0).getString("message")).contains("profile.to_rate");
            assertThat(answers.get(1).getString("message")).contains("example.com");
        }
    }

    @Test
    void aMessageThatIsNotJsonOrOfNoKnownTypeIsAnError() throws Exception {
        try (LiveChannel live = channel()) {
            live.send("hello");
            JsonObject notJson = live.next("error", LIMIT);
            live.send("{\"type\":\"reset\",\"client_id\":\"c9\"}");
            JsonObject unknown = live.next("error", LIMIT);

            assertThat(notJson.getString("message")).contains("not a JSON object");
            assertThat(notJson.containsKey("client_id")).isFalse();
            assertThat(unknown.getString("message")).contains("reset");
            assertThat(unknown.getString("client_id")).isEqualTo("c9");
        }
    }

    @Test
    void stopEndsARunAsStopped() throws Exception {
        try (LiveChannel live = channel()) {
            live.send(start("long", card(runs.simulator(TIMED), rate(5), LONG_RUN)));
            String id = live.next("started", LIMIT).getString("id");

            live.send("{\"type\":\"stop\",\"id\":\"" + id + "\"}");

            List<JsonObject> messages = live.untilEnded(id, LIMIT);
            assertThat(messages.get(messages.size() - 1).getString("state")).isEqualTo("stopped");
            assertThat(runs.status(id).body().getString("state")).isEqualTo("stopped");
        }
    }

    @Test
    void stoppingAnUnknownRunIsAnError() throws Exception {
        try (LiveChannel live = channel()) {
            live.send("{\"type\":\"stop\",\"id\":\"no-such-run\"}");

            assertThat(live.next("error", LIMIT).getString("message")).contains("no-such-run");
        }
    }

    @Test
    void closingTheSocketStopsItsRuns() throws Exception {
        String id;
        try (LiveChannel live = channel()) {
            live.send(start("orphan", card(runs.simulator(TIMED), rate(5), LONG_RUN)));
            id = live.next("started", LIMIT).getString("id");
            assertThat(runs.status(id).body().getString("state")).isEqualTo("running");
        }

        assertThat(runs.awaitEnd(id, Duration.ofSeconds(10)).getString("state")).isEqualTo("stopped");
    }
}
