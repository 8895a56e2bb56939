package org.llmlb.wsproxy.engine.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmlb.client.http.UpstreamClient;
import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.engine.entity.ErrorCount;
import org.llmlb.wsproxy.engine.entity.LoadProfile;
import org.llmlb.wsproxy.engine.entity.ModelConfig;
import org.llmlb.wsproxy.engine.entity.RequestRecord;
import org.llmlb.wsproxy.engine.entity.RunState;
import org.llmlb.wsproxy.engine.entity.Second;
import org.llmlb.wsproxy.engine.entity.Slo;
import org.llmlb.wsproxy.engine.entity.Summary;
import org.llmlb.wsproxy.engine.entity.SweepStep;
import org.llmlb.wsproxy.engine.entity.SweepSummary;
import org.llmlb.wsproxy.workload.entity.Distribution;
import org.llmlb.wsproxy.workload.entity.Workload;

/** A run against a tiny in-process SSE server: counting, ending, stopping, failing, breaking down. */
class LoadRunTest {

    static final Duration LIMIT = Duration.ofSeconds(20);
    static final String STREAM = """
            data: {"choices":[{"index":0,"delta":{"role":"assistant","content":"a "}}]}

            data: {"choices":[{"index":0,"delta":{"content":"b "}}]}

            data: {"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}}

            data: [DONE]

            """;

    HttpServer server;
    AtomicInteger received = new AtomicInteger();
    ConcurrentLinkedQueue<String> cacheControl = new ConcurrentLinkedQueue<>();
    CountDownLatch held = new CountDownLatch(3);
    CountDownLatch release = new CountDownLatch(1);
    EngineCpu cpu = new EngineCpu(Executors.defaultThreadFactory());
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, cpu);
    UpstreamClient client = new UpstreamClient(cpu, 1, 100, Duration.ofSeconds(5));
    Engine engine = new Engine(client, scheduler, cpu, Duration.ofMinutes(5));

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", exchange -> {
            received.incrementAndGet();
            cacheControl.add(String.valueOf(exchange.getRequestHeaders().getFirst("Cache-Control")));
            answer(exchange, "gpu-" + (received.get() % 2 == 0 ? "a" : "b"));
        });
        // answers only once the test lets it, so requests can be caught in flight
        server.createContext("/held/v1/chat/completions", exchange -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, "gpu-7");
        });
        server.createContext("/busy/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"error\":{\"message\":\"All endpoints are busy\",\"type\":\"rate_limit_error\",\"code\":\"all_endpoints_busy\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(429, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    static void answer(HttpExchange exchange, String endpoint) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] body = STREAM.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("X-LB-Endpoint", endpoint);
        exchange.getResponseHeaders().add("X-LB-Cache", "MISS");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void close() {
        release.countDown();
        server.stop(0);
        scheduler.shutdownNow();
        client.close();
    }

    Card card(LoadProfile profile, Long count, Double seconds) {
        return card("/v1", profile, count, seconds, false);
    }

    Card card(String path, LoadProfile profile, Long count, Double seconds, boolean useCache) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + path;
        return new Card("t", url, "k", "m", null, null, profile, new ModelConfig(16, null, true), count, seconds,
                Slo.NONE, useCache);
    }

    LoadRun run(Card card) {
        LoadRun run = new LoadRun("r", card, Clock.systemUTC(), engine);
        run.start();
        return run;
    }

    @Test
    void aRequestRecordKnowsWhenItWasSentWhichEndpointServedItAndWhetherFromTheCache() throws Exception {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);
        CompletableFuture<RequestRecord> answered = new CompletableFuture<>();
        ChatCall call = new ChatCall(card(new LoadProfile.ConstantConcurrency(1), 1L, null), fixed);

        call.prepare(client, (reader, record) -> answered.complete(record)).start();
        RequestRecord record = answered.get(20, TimeUnit.SECONDS);

        assertThat(record.status()).isEqualTo(200);
        assertThat(record.sentAtMillis()).isEqualTo(fixed.millis());
        assertThat(record.endpoint()).isEqualTo("gpu-b");
        assertThat(record.cache()).isEqualTo("MISS");
        assertThat(record.outputTokens()).isEqualTo(2);
        assertThat(record.itlNanos()).hasSize(1);
    }

    @Test
    void requestsBypassTheBalancersCacheUnlessTheCardOptsIn() throws Exception {
        run(card("/v1", new LoadProfile.ConstantConcurrency(1), 2L, null, false)).awaitEnd(LIMIT);
        run(card("/v1", new LoadProfile.ConstantConcurrency(1), 1L, null, true)).awaitEnd(LIMIT);

        assertThat(cacheControl).containsExactly("no-cache", "no-cache", "null");
    }

    @Test
    void aSweepProbesThenRunsItsRatesUpToTheMeasuredMaximumAndMarksTheKnee() throws Exception {
        LoadRun run = run(card(new LoadProfile.Sweep(3, 0.6, 0.6, 2, null, false, 3), null, null));

        assertThat(run.awaitEnd(LIMIT)).isEqualTo(RunState.FINISHED);
        Summary summary = run.summary();
        SweepSummary sweep = summary.sweep();
        assertThat(sweep.probe().state()).isEqualTo("done");
        assertThat(sweep.probe().requests()).isPositive();
        assertThat(sweep.maxRate()).isPositive();
        assertThat(sweep.steps()).hasSize(3).allSatisfy(step -> {
            assertThat(step.state()).isEqualTo("done");
            assertThat(step.requests()).isPositive();
            assertThat(step.ttftMs()).isNotNull();
            assertThat(step.throughput()).isNotNull();
        });
        assertThat(sweep.steps()).extracting(SweepStep::rate).isSorted();
        assertThat(sweep.steps().get(2).rate()).isCloseTo(sweep.maxRate(), org.assertj.core.data.Offset.offset(0.001));
        assertThat(sweep.steps().get(0).rate()).isCloseTo(sweep.maxRate() / 3, org.assertj.core.data.Offset.offset(0.001));
        // every request of the run belongs to the probe or one rate
        assertThat(sweep.probe().requests() + sweep.steps().stream().mapToLong(SweepStep::requests).sum())
                .isEqualTo(summary.requests());
        // a quick local server keeps up at a third of its maximum at least
        assertThat(sweep.kneeIndex()).isNotNull();
        assertThat(sweep.kneeRate()).isEqualTo(sweep.steps().get(sweep.kneeIndex()).rate());
        assertThat(sweep.steps().get(sweep.kneeIndex()).knee()).isTrue();
        assertThat(sweep.kneeRule()).contains("98 %", "3×");
    }

    @Test
    void aNextTurnCarriesTheAnswerThatWasStreamed() throws Exception {
        ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();
        server.createContext("/chat/v1/chat/completions", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            answer(exchange, "gpu-c");
        });
        Workload twoTurns = new Workload(Workload.Source.SYNTHETIC, 7, new Distribution.Fixed(5), new Distribution.Fixed(9),
                true, null, null, 2);
        Card base = card("/chat/v1", new LoadProfile.ConstantConcurrency(1), 4L, null, false);
        Card card = new Card(base.name(), base.baseUrl(), base.apiKey(), base.model(), null, null, base.profile(),
                base.modelConfig(), base.requestCount(), null, Slo.NONE, false, twoTurns);
        ConcurrentLinkedQueue<RequestRecord> records = new ConcurrentLinkedQueue<>();
        LoadRun run = new LoadRun("r", card, Clock.systemUTC(), engine, (id, r) -> records.add(r));
        run.start();

        assertThat(run.awaitEnd(LIMIT)).isEqualTo(RunState.FINISHED);
        List<jakarta.json.JsonObject> sent = bodies.stream()
                .map(b -> jakarta.json.Json.createReader(new java.io.StringReader(b)).readObject()).toList();
        assertThat(sent).hasSize(4).allSatisfy(b -> {
            assertThat(b.getInt("max_tokens")).isEqualTo(9);
            assertThat(b.getBoolean("ignore_eos")).isTrue();
        });
        jakarta.json.JsonArray second = sent.get(1).getJsonArray("messages");
        assertThat(second.stream().map(m -> m.asJsonObject().getString("role"))).containsExactly("user", "assistant", "user");
        assertThat(second.getJsonObject(0)).isEqualTo(sent.get(0).getJsonArray("messages").getJsonObject(0));
        assertThat(second.getJsonObject(1).getString("content")).isEqualTo("a b ");
        assertThat(records).extracting(RequestRecord::turn).containsExactly(1, 2, 1, 2);
        // usage of the test stream says 1 prompt token
        assertThat(records).allSatisfy(r -> {
            assertThat(r.tokensSource()).isEqualTo("usage");
            assertThat(r.promptTokens()).isEqualTo(1);
        });
    }

    @Test
    void closedLoopSendsExactlyTheRequestCount() throws Exception {
        LoadRun run = run(card(new LoadProfile.ConstantConcurrency(3), 10L, null));

        assertThat(run.awaitEnd(LIMIT)).isEqualTo(RunState.FINISHED);
        Summary summary = run.summary();
        assertThat(received).hasValue(10);
        assertThat(summary.offered()).isEqualTo(10);
        assertThat(summary.requests()).isEqualTo(10);
        assertThat(summary.errors()).isZero();
        assertThat(summary.errorsBy()).isEmpty();
        assertThat(summary.tokensEstimated()).isFalse();
        assertThat(summary.inFlight()).isZero();
        assertThat(summary.outputTokensPerSecond() * summary.durationSeconds()).isCloseTo(20, org.assertj.core.data.Offset.offset(0.01));
        assertThat(summary.selfCheck().requestedRate()).isNull();
        assertThat(summary.selfCheck().scheduleLagMs()).isNotNull();
    }

    @Test
    void eachEndpointGetsItsOwnCountsAndLatencies() throws Exception {
        LoadRun run = run(card(new LoadProfile.ConstantConcurrency(1), 6L, null));
        run.awaitEnd(LIMIT);

        Summary summary = run.summary();
        assertThat(summary.endpoints()).containsOnlyKeys("gpu-a", "gpu-b");
        assertThat(summary.endpoints().get("gpu-a").requests()).isEqualTo(3);
        assertThat(summary.endpoints().get("gpu-b").requests()).isEqualTo(3);
        assertThat(summary.endpoints().get("gpu-a").outputTokens()).isEqualTo(6);
        assertThat(summary.endpoints().get("gpu-a").ttftMs()).isNotNull();
        assertThat(summary.endpoints().get("gpu-a").itlMs()).isNotNull();
    }

    @Test
    void openLoopStopsAtTheDurationAndKeepsItsSchedule() throws Exception {
        LoadRun run = run(card(new LoadProfile.ConstantRate(50, false), null, 0.5));

        assertThat(run.awaitEnd(LIMIT)).isEqualTo(RunState.FINISHED);
        Summary summary = run.summary();
        assertThat(summary.offered()).isEqualTo(25);
        assertThat(summary.requests()).isEqualTo(25);
        // the profile's rate over the measured sending window: within 2 % on a busy machine
        assertThat(summary.selfCheck().requestedRate()).isCloseTo(50, org.assertj.core.data.Offset.offset(1.0));
        // one request of slack: on a busy machine the last one may go out after the duration ended
        assertThat(summary.selfCheck().achievedRate()).isCloseTo(50, org.assertj.core.data.Offset.offset(2.01));
        assertThat(summary.selfCheck().scheduleLagMs().p50()).isLessThan(10);
    }

    @Test
    void burstsAreOpenLoopAndEndAtTheDuration() throws Exception {
        LoadRun run = run(card(new LoadProfile.Burst(5, 0.2), null, 0.5));

        assertThat(run.awaitEnd(LIMIT)).isEqualTo(RunState.FINISHED);
        assertThat(run.summary().offered()).isEqualTo(15);
        assertThat(received).hasValue(15);
        // ends with its last request (at 0.4 s), not at the next burst's time (0.6 s)
        assertThat(run.summary().durationSeconds()).isLessThan(0.6);
    }

    @Test
    void aRampEndsAtItsRequestCount() throws Exception {
        LoadRun run = run(card(new LoadProfile.Ramp(0, 100, 1), 20L, null));

        assertThat(run.awaitEnd(LIMIT)).isEqualTo(RunState.FINISHED);
        assertThat(run.summary().requests()).isEqualTo(20);
    }

    @Test
    void eachSecondCountsWhatStartedWhatEndedAndWhatIsStillOpen() throws Exception {
        LoadRun run = run(card("/held/v1", new LoadProfile.ConstantConcurrency(3), 5L, null, false));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

        Second open = run.second();
        release.countDown();
        run.awaitEnd(LIMIT);
        Second rest = run.second();

        assertThat(open.offered()).isEqualTo(3);
        assertThat(open.inFlight()).isEqualTo(3);
        assertThat(open.requests()).isZero();
        assertThat(open.ttftMs()).isNull();
        assertThat(open.lagMs()).isNotNull();
        assertThat(open.requested()).isNull();
        assertThat(rest.offered()).isEqualTo(2);
        assertThat(rest.inFlight()).isZero();
        assertThat(rest.requests()).isEqualTo(5);
        assertThat(rest.outputTokens()).isEqualTo(10);
        assertThat(rest.ttftMs()).isNotNull();
        assertThat(rest.elapsedSeconds()).isGreaterThan(open.elapsedSeconds());
    }

    @Test
    void aSecondOfAnOpenLoopSaysHowManyArrivalsWerePlannedInIt() throws Exception {
        LoadRun run = run(card(new LoadProfile.ConstantRate(40, false), 10L, null));
        run.awaitEnd(LIMIT);

        Second second = run.second();

        assertThat(second.requested()).isEqualTo(10);
        assertThat(second.offered()).isEqualTo(10);
        assertThat(second.lagMs().p99()).isNotNegative();
    }

    @Test
    void stoppingClosesOpenRequestsAndOffersNoMore() throws Exception {
        LoadRun run = run(card("/held/v1", new LoadProfile.ConstantConcurrency(3), null, 600.0, false));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

        run.stop();

        assertThat(run.awaitEnd(LIMIT)).isEqualTo(RunState.STOPPED);
        Summary summary = run.summary();
        assertThat(summary.inFlight()).isZero();
        assertThat(summary.offered()).isEqualTo(3);
        assertThat(summary.requests()).isZero();
    }

    @Test
    void anAnswerThatTakesTooLongIsATimeoutError() throws Exception {
        Engine impatient = new Engine(client, scheduler, cpu, Duration.ofMillis(200));
        LoadRun run = new LoadRun("slow", card("/held/v1", new LoadProfile.ConstantConcurrency(1), 1L, null, false),
                Clock.systemUTC(), impatient);
        run.start();

        assertThat(run.awaitEnd(LIMIT)).isEqualTo(RunState.FAILED);
        assertThat(run.summary().errorsBy()).extracting(ErrorCount::code).containsExactly("timeout");
    }

    @Test
    void aRunWhoseEveryRequestFailedEndsFailedWithItsErrorsBrokenDown() throws Exception {
        LoadRun run = run(card("/busy/v1", new LoadProfile.ConstantConcurrency(2), 6L, null, false));

        assertThat(run.awaitEnd(LIMIT)).isEqualTo(RunState.FAILED);
        Summary summary = run.summary();
        assertThat(summary.errors()).isEqualTo(6);
        assertThat(summary.ttftMs()).isNull();
        assertThat(summary.e2eMs()).isNull();
        assertThat(summary.errorsBy()).containsExactly(
                new ErrorCount(429, "all_endpoints_busy", 6, "All endpoints are busy"));
    }

    @Test
    void anUnreachableTargetFailsWithTheKindOfFailure() throws Exception {
        Card card = card(new LoadProfile.ConstantConcurrency(1), 2L, null);
        server.stop(0);
        LoadRun run = run(card);

        assertThat(run.awaitEnd(LIMIT)).isEqualTo(RunState.FAILED);
        assertThat(run.summary().errors()).isEqualTo(2);
        assertThat(run.summary().errorRate()).isEqualTo(1.0);
        assertThat(run.summary().errorsBy()).extracting(ErrorCount::status, ErrorCount::code, ErrorCount::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "connect_failed", 2L));
    }
}
