package org.llmlb.wsproxy.engine.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.engine.entity.LoadProfile;
import org.llmlb.wsproxy.engine.entity.ModelConfig;
import org.llmlb.wsproxy.engine.entity.RunState;
import org.llmlb.wsproxy.engine.entity.Second;
import org.llmlb.wsproxy.engine.entity.Slo;
import org.llmlb.wsproxy.engine.entity.Summary;

/** A run against a tiny in-process SSE server: counting, ending and stopping. */
class LoadRunTest {

    static final String STREAM = """
            data: {"choices":[{"index":0,"delta":{"role":"assistant","content":"a "}}]}

            data: {"choices":[{"index":0,"delta":{"content":"b "}}]}

            data: {"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}}

            data: [DONE]

            """;

    HttpServer server;
    AtomicInteger received = new AtomicInteger();
    CountDownLatch held = new CountDownLatch(3);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService workers = Executors.newCachedThreadPool();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(workers).build();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", exchange -> {
            received.incrementAndGet();
            answer(exchange);
        });
        // answers only once the test lets it, so requests can be caught in flight
        server.createContext("/held/v1/chat/completions", exchange -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange);
        });
        server.start();
    }

    static void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] body = STREAM.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("X-LB-Endpoint", "gpu-7");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void close() {
        release.countDown();
        server.stop(0);
        timer.shutdownNow();
        workers.shutdownNow();
    }

    Card card(LoadProfile profile, Long count, Double seconds) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        return new Card("t", url, "k", "m", null, null, profile, new ModelConfig(16, null, true), count, seconds, Slo.NONE);
    }

    LoadRun run(Card card) {
        LoadRun run = new LoadRun("r", card, Clock.systemUTC(), client, workers, timer);
        run.start();
        return run;
    }

    static void awaitEnd(LoadRun run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (run.state() == RunState.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void aRequestRecordKnowsWhenItWasSentAndWhichEndpointServedIt() {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);
        var record = new ChatCall(client, card(new LoadProfile.ConstantConcurrency(1), 1L, null), fixed).send(() -> false);
        assertThat(record.status()).isEqualTo(200);
        assertThat(record.sentAtMillis()).isEqualTo(fixed.millis());
        assertThat(record.endpoint()).isEqualTo("gpu-7");
        assertThat(record.outputTokens()).isEqualTo(2);
    }

    @Test
    void closedLoopSendsExactlyTheRequestCount() throws Exception {
        LoadRun run = run(card(new LoadProfile.ConstantConcurrency(3), 10L, null));
        awaitEnd(run);

        Summary summary = run.summary();
        assertThat(run.state()).isEqualTo(RunState.FINISHED);
        assertThat(received).hasValue(10);
        assertThat(summary.offered()).isEqualTo(10);
        assertThat(summary.requests()).isEqualTo(10);
        assertThat(summary.errors()).isZero();
        assertThat(summary.tokensEstimated()).isFalse();
        assertThat(summary.outputTokensPerSecond() * summary.durationSeconds()).isCloseTo(20, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void openLoopStopsAtTheDuration() throws Exception {
        LoadRun run = run(card(new LoadProfile.ConstantRate(50, false), null, 0.5));
        awaitEnd(run);

        assertThat(run.state()).isEqualTo(RunState.FINISHED);
        assertThat(run.summary().offered()).isEqualTo(25);
        assertThat(run.summary().requests()).isEqualTo(25);
    }

    @Test
    void burstsAreOpenLoopAndEndAtTheDuration() throws Exception {
        LoadRun run = run(card(new LoadProfile.Burst(5, 0.2), null, 0.5));
        awaitEnd(run);

        assertThat(run.state()).isEqualTo(RunState.FINISHED);
        assertThat(run.summary().offered()).isEqualTo(15);
        assertThat(received).hasValue(15);
        // ends with its last request, not at the next burst's time
        assertThat(run.summary().durationSeconds()).isLessThan(0.55);
    }

    @Test
    void aRampEndsAtItsRequestCount() throws Exception {
        LoadRun run = run(card(new LoadProfile.Ramp(0, 100, 1), 20L, null));
        awaitEnd(run);

        assertThat(run.state()).isEqualTo(RunState.FINISHED);
        assertThat(run.summary().requests()).isEqualTo(20);
    }

    @Test
    void eachSecondCountsWhatStartedWhatEndedAndWhatIsStillOpen() throws Exception {
        Card card = card(new LoadProfile.ConstantConcurrency(3), 5L, null);
        LoadRun run = run(new Card(card.name(), card.baseUrl().replace("/v1", "/held/v1"), card.apiKey(), card.model(),
                null, null, card.profile(), card.modelConfig(), card.requestCount(), null, Slo.NONE));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

        Second open = run.second();
        release.countDown();
        awaitEnd(run);
        Second rest = run.second();

        assertThat(open.offered()).isEqualTo(3);
        assertThat(open.inFlight()).isEqualTo(3);
        assertThat(open.requests()).isZero();
        assertThat(open.ttftMs()).isNull();
        assertThat(rest.offered()).isEqualTo(2);
        assertThat(rest.inFlight()).isZero();
        assertThat(rest.requests()).isEqualTo(5);
        assertThat(rest.outputTokens()).isEqualTo(10);
        assertThat(rest.ttftMs()).isNotNull();
        assertThat(rest.elapsedSeconds()).isGreaterThan(open.elapsedSeconds());
    }

    @Test
    void aStoppedRunStaysStoppedAndOffersNoMore() throws Exception {
        LoadRun run = run(card(new LoadProfile.ConstantRate(20, true), null, 600.0));
        run.stop();
        long offered = run.summary().offered();
        Thread.sleep(300);

        assertThat(run.state()).isEqualTo(RunState.STOPPED);
        assertThat(run.summary().offered()).isEqualTo(offered);
    }

    @Test
    void anUnreachableTargetCountsErrors() throws Exception {
        Card card = card(new LoadProfile.ConstantConcurrency(1), 2L, null);
        server.stop(0);
        LoadRun run = run(card);
        awaitEnd(run);

        assertThat(run.state()).isEqualTo(RunState.FINISHED);
        assertThat(run.summary().errors()).isEqualTo(2);
        assertThat(run.summary().errorRate()).isEqualTo(1.0);
    }
}
