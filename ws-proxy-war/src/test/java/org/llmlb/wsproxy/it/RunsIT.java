package org.llmlb.wsproxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.llmlb.wsproxy.it.RunsSystem.card;

import java.time.Duration;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Headless runs against the simulator, both WARs on one real Payara Micro. */
class RunsIT {

    static Servers servers;
    static RunsSystem runs;

    @BeforeAll
    static void start() throws Exception {
        servers = Servers.shared();
        runs = new RunsSystem(servers);
    }

    static JsonObject finished(String card, Duration limit) throws Exception {
        RunsSystem.Answer started = runs.start(card);
        assertThat(started.status()).as(started.body().toString()).isEqualTo(201);
        assertThat(started.body().getString("state")).isEqualTo("running");
        JsonObject run = runs.awaitEnd(started.body().getString("id"), limit);
        assertThat(run.getString("state")).as(run.toString()).isEqualTo("finished");
        return run.getJsonObject("summary");
    }

    @Test
    void headlessRunFinishesWithACompleteSummary() throws Exception {
        JsonObject summary = finished(card(runs.simulator("ttft_ms=100;tps=50;tokens=10"),
                "{\"type\":\"constant_concurrency\",\"concurrency\":2}",
                "\"request_count\":6,\"slo\":{\"ttft_p95_ms\":5000,\"e2e_p95_ms\":10000,\"error_rate\":0.01}"),
                Duration.ofSeconds(60));

        assertThat(summary.keySet()).contains("requests", "errors", "error_rate", "duration_seconds",
                "requests_per_second", "output_tokens_per_second", "ttft_ms", "itl_ms", "tpot_ms", "e2e_ms",
                "tokens_estimated", "slo", "goodput", "offered");
        for (String metric : new String[] {"ttft_ms", "itl_ms", "tpot_ms", "e2e_ms"}) {
            assertThat(summary.getJsonObject(metric).keySet()).containsExactlyInAnyOrder("p50", "p90", "p95", "p99", "mean");
        }
        assertThat(summary.getInt("requests")).isEqualTo(6);
        assertThat(summary.getInt("offered")).isEqualTo(6);
        assertThat(summary.getInt("errors")).isZero();
        assertThat(summary.getJsonObject("slo").getJsonObject("ttft_p95_ms").getBoolean("pass")).isTrue();
        assertThat(summary.getJsonObject("slo").getJsonObject("error_rate").getBoolean("pass")).isTrue();
        assertThat(summary.getJsonNumber("goodput").doubleValue()).isPositive();
    }

    @Test
    void openLoopKeepsTheOfferedRateWhenTheTargetIsSlow() throws Exception {
        // every request takes 1.5 s + 5 × 100 ms = 2 s: a closed loop would fall far behind 20/s
        JsonObject summary = finished(card(runs.simulator("ttft_ms=1500;tps=10;tokens=6"),
                "{\"type\":\"constant_rate\",\"rate\":20,\"poisson\":false}", "\"duration_seconds\":10"),
                Duration.ofSeconds(60));

        System.out.println("open loop summary: " + summary);
        assertThat(summary.getInt("offered")).isBetween(190, 210);
        assertThat(summary.getInt("requests")).isEqualTo(summary.getInt("offered"));
        assertThat(summary.getInt("errors")).isZero();
    }

    @Test
    void measuresWhatTheSimulatorWasToldToDo() throws Exception {
        JsonObject summary = finished(card(runs.simulator("ttft_ms=200;tps=50;tokens=10"),
                "{\"type\":\"constant_concurrency\",\"concurrency\":4}", "\"request_count\":40"),
                Duration.ofSeconds(60));

        System.out.println("accuracy summary: " + summary);
        assertThat(summary.getJsonObject("ttft_ms").getJsonNumber("p50").doubleValue()).isCloseTo(200, within(15.0));
        assertThat(summary.getJsonObject("itl_ms").getJsonNumber("p50").doubleValue()).isCloseTo(20, within(4.0));
        assertThat(summary.getBoolean("tokens_estimated")).isFalse();
        double tokensPerRequest = summary.getJsonNumber("output_tokens_per_second").doubleValue()
                * summary.getJsonNumber("duration_seconds").doubleValue() / summary.getInt("requests");
        assertThat(tokensPerRequest).isCloseTo(10, within(0.01));
    }

    @Test
    void aRampOffersItsIntegralWithFewerRequestsInTheFirstHalf() throws Exception {
        RunsSystem.Answer started = runs.start(card(runs.simulator("ttft_ms=50;tps=100;tokens=5"),
                "{\"type\":\"ramp\",\"from_rate\":0,\"to_rate\":20,\"over_seconds\":10}", "\"duration_seconds\":10"));
        assertThat(started.status()).as(started.body().toString()).isEqualTo(201);
        String id = started.body().getString("id");

        JsonObject half = runs.awaitElapsed(id, 5, Duration.ofSeconds(30)).getJsonObject("summary");
        JsonObject end = runs.awaitEnd(id, Duration.ofSeconds(60));

        assertThat(end.getString("state")).isEqualTo("finished");
        int offered = end.getJsonObject("summary").getInt("offered");
        int firstHalf = half.getInt("offered");
        System.out.printf("ramp: %d offered, %d of them in the first %.2f s%n", offered, firstHalf,
                half.getJsonNumber("duration_seconds").doubleValue());
        // the integral of 0 → 20/s over 10 s is t²: 100 in all, 25 by 5 s (a flat 10/s would give 50)
        assertThat(offered).isBetween(90, 110);
        assertThat(firstHalf).isBetween(15, 40);
        assertThat(offered - firstHalf).isGreaterThanOrEqualTo(60);
        assertThat(end.getJsonObject("summary").getInt("errors")).isZero();
    }

    @Test
    void aBurstOffersItsSizeEveryPeriod() throws Exception {
        JsonObject summary = finished(card(runs.simulator("ttft_ms=50;tps=100;tokens=5"),
                "{\"type\":\"burst\",\"size\":10,\"every_seconds\":2}", "\"duration_seconds\":5"),
                Duration.ofSeconds(60));

        System.out.println("burst summary: " + summary);
        // bursts at 0, 2 and 4 s
        assertThat(summary.getInt("offered")).isEqualTo(30);
        assertThat(summary.getInt("requests")).isEqualTo(30);
        assertThat(summary.getInt("errors")).isZero();
        assertThat(summary.getJsonNumber("duration_seconds").doubleValue()).isLessThan(5.5);
    }

    @Test
    void listsThePresetsSortedByName() throws Exception {
        JsonArray presets = runs.presets();

        assertThat(presets.stream().map(p -> p.asJsonObject().getString("name")))
                .containsExactly("chat-long", "chat-short", "code", "summarize");
        assertThat(presets).allSatisfy(p -> {
            assertThat(p.asJsonObject().keySet()).containsExactlyInAnyOrder("name", "description", "prompts");
            assertThat(p.asJsonObject().getInt("prompts")).isPositive();
        });
    }

    @Test
    void aCardWithAPresetRunsItsPrompts() throws Exception {
        String card = card(runs.simulator("ttft_ms=20;tps=200;tokens=5"),
                "{\"type\":\"constant_concurrency\",\"concurrency\":2}", "\"request_count\":8,\"preset\":\"chat-long\"");

        JsonObject summary = finished(card, Duration.ofSeconds(60));

        assertThat(summary.getInt("requests")).isEqualTo(8);
        assertThat(summary.getInt("errors")).isZero();
    }

    @Test
    void rejectsAnUnknownPreset() throws Exception {
        RunsSystem.Answer rejected = runs.start(card(runs.simulator("ttft_ms=20"),
                "{\"type\":\"constant_concurrency\",\"concurrency\":1}", "\"request_count\":1,\"preset\":\"limericks\""));

        assertThat(rejected.status()).isEqualTo(422);
        assertThat(rejected.body().getJsonObject("error").getJsonArray("details").stream()
                .map(d -> d.asJsonObject().getString("field"))).containsExactly("preset");
    }

    @Test
    void deleteStopsALongRun() throws Exception {
        RunsSystem.Answer started = runs.start(card(runs.simulator("ttft_ms=50;tps=100;tokens=20"),
                "{\"type\":\"constant_rate\",\"rate\":5,\"poisson\":true}", "\"duration_seconds\":600"));
        String id = started.body().getString("id");

        RunsSystem.Answer stopped = runs.stop(id);

        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.body().getString("state")).isEqualTo("stopped");
        assertThat(runs.status(id).body().getString("state")).isEqualTo("stopped");
        assertThat(runs.stop("no-such-run").status()).isEqualTo(404);
    }

    @Test
    void refusesTargetsOutsideTheAllowList() throws Exception {
        RunsSystem.Answer refused = runs.start(card("http://example.com/v1",
                "{\"type\":\"constant_concurrency\",\"concurrency\":1}", "\"request_count\":1"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().getJsonObject("error").getString("code")).isEqualTo("host_not_allowed");
        assertThat(refused.body().getJsonObject("error").getString("message")).contains("example.com");
    }

    @Test
    void rejectsAnInvalidCardWithEveryProblem() throws Exception {
        RunsSystem.Answer rejected = runs.start("{\"base_url\":\"nope\",\"profile\":{\"type\":\"constant_rate\"}}");

        assertThat(rejected.status()).isEqualTo(422);
        JsonObject error = rejected.body().getJsonObject("error");
        assertThat(error.getString("type")).isEqualTo("invalid_request_error");
        assertThat(error.getJsonArray("details").stream().map(d -> d.asJsonObject().getString("field")))
                .contains("base_url", "model", "profile.rate", "request_count");
    }
}
