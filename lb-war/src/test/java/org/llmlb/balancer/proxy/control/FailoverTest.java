package org.llmlb.balancer.proxy.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmlb.testsupport.Until.until;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.llmlb.balancer.health.control.EndpointHealth;
import org.llmlb.balancer.health.entity.UpstreamError;
import org.llmlb.balancer.problems.entity.Problem;
import org.llmlb.balancer.routing.control.RoutingFixture;
import org.llmlb.balancer.routing.entity.EndpointSettings;
import org.llmlb.balancer.routing.entity.RoutingMode;
import org.llmlb.balancer.routing.entity.Scope;
import org.llmlb.balancer.stats.control.EndpointStats;
import org.llmlb.balancer.stats.control.RequestMetrics;
import org.llmlb.balancer.stats.control.StatisticsFixture;
import org.llmlb.balancer.stats.entity.AnswerClass;
import org.llmlb.testsupport.ScriptedUpstream;

/** The hot path against scripted upstreams, without a servlet container. */
class FailoverTest {

    static final String CHAT = "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String STREAM = "{\"model\":\"m1\",\"stream\":true,\"messages\":[]}";
    static final String PREAMBLE = "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}";
    static final String USAGE = "{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}";

    final List<AutoCloseable> closing = new ArrayList<>();
    final Proxy proxy = new Proxy();
    RoutingFixture routing;

    @AfterEach
    void close() throws Exception {
        if (proxy.client != null) {
            proxy.stop();
        }
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    void balance(RoutingMode mode, EndpointSettings... endpoints) {
        routing = new RoutingFixture(mode, endpoints);
        proxy.router = routing.router;
        proxy.statistics = StatisticsFixture.statistics(routing.clock);
        proxy.metrics = new RequestMetrics();
        proxy.health = new EndpointHealth(routing.clock);
        proxy.clock = routing.clock;
        proxy.start(Executors.defaultThreadFactory(), 1, 8);
    }

    ScriptedUpstream upstream(ScriptedUpstream.Script script) throws IOException {
        ScriptedUpstream upstream = new ScriptedUpstream(script);
        closing.add(upstream);
        return upstream;
    }

    static EndpointSettings endpoint(long id, String name, String base, int priority, double timeoutSeconds) {
        return endpoint(id, name, base, priority, timeoutSeconds, 0);
    }

    static EndpointSettings endpoint(long id, String name, String base, int priority, double timeoutSeconds,
                                     int maxConcurrent) {
        return RoutingFixture.endpoint(id, name, base, null, 50, priority, maxConcurrent, timeoutSeconds);
    }

    FakeDownstream send(String json) {
        return send(json, new FakeDownstream());
    }

    FakeDownstream send(String json, FakeDownstream client) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        proxy.forward(client, "/chat/completions", body, OpenAiRequest.parse(body), Scope.DEFAULT, "req-1", null,
                null, System.nanoTime());
        return client;
    }

    static boolean answerJson(OutputStream out, String json) throws IOException {
        ScriptedUpstream.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json);
        return true;
    }

    static void streamHead(OutputStream out) throws IOException {
        ScriptedUpstream.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    static void event(OutputStream out, String data) throws IOException {
        ScriptedUpstream.write(out, ScriptedUpstream.chunk("data: " + data + "\n\n"));
    }

    static String content(String text) {
        return "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}";
    }

    /** Blocks until the client closes the connection; records when. */
    static void awaitHangUp(InputStream in, AtomicLong closedAt, CountDownLatch closed) throws IOException {
        if (in.read() < 0) {
            closedAt.set(System.nanoTime());
            closed.countDown();
        }
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void failsOverToTheNextEndpointWhenTheFirstAnswers500() throws Exception {
        ScriptedUpstream broken = upstream((head, body, in, out) -> {
            ScriptedUpstream.write(out, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nboom");
            return true;
        });
        ScriptedUpstream healthy = upstream((head, body, in, out) -> answerJson(out, "{\"from\":\"healthy\"}"));
        balance(RoutingMode.PRIORITY, endpoint(1, "broken", broken.base().toString(), 0, 5),
                endpoint(2, "healthy", healthy.base().toString(), 1, 5));

        FakeDownstream client = send(CHAT);

        assertThat(client.awaitEnd()).isEqualTo("completed");
        assertThat(client.status).isEqualTo(200);
        assertThat(client.endpoint).isEqualTo("healthy");
        assertThat(client.body()).isEqualTo("{\"from\":\"healthy\"}");
        assertThat(broken.requests).hasSize(1);
        assertThat(proxy.statistics.of(1).failures()).isEqualTo(1);
        assertThat(proxy.statistics.of(1).answers(AnswerClass.S5XX)).isEqualTo(1);
        assertThat(proxy.statistics.of(2).answers(AnswerClass.S2XX)).isEqualTo(1);
        assertThat(proxy.metrics.failovers()).isEqualTo(1);
        assertThat(client.overheadNanos).isNotNegative();
        UpstreamError last = proxy.health.last(1);
        assertThat(last.kind()).isEqualTo("http");
        assertThat(last.status()).isEqualTo(500);
        assertThat(last.body()).isEqualTo("boom");
        assertThat(last.requestId()).isEqualTo("req-1");
        assertThat(proxy.health.last(2)).isNull();
    }

    @Test
    void aPassedThrough4xxCountsAsARequestOfItsEndpointWithItsBodyAsLastError() throws Exception {
        String error = "{\"error\":{\"message\":\"model 'x' does not exist\"}}";
        ScriptedUpstream strict = upstream((head, body, in, out) -> {
            ScriptedUpstream.write(out, "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: "
                    + error.length() + "\r\n\r\n" + error);
            return true;
        });
        balance(RoutingMode.PRIORITY, endpoint(1, "strict", strict.base().toString(), 0, 5));

        FakeDownstream client = send(CHAT);

        assertThat(client.awaitEnd()).isEqualTo("completed");
        assertThat(client.status).isEqualTo(404);
        EndpointStats stats = proxy.statistics.of(1);
        assertThat(stats.requests()).isEqualTo(1);
        assertThat(stats.failures()).isZero();
        assertThat(stats.answers(AnswerClass.S4XX)).isEqualTo(1);
        assertThat(proxy.health.last(1).status()).isEqualTo(404);
        assertThat(proxy.health.last(1).body()).isEqualTo(error);
        assertThat(routing.upstreams.state(1).cooldown.consecutiveFailures()).isZero();
    }

    @Test
    void failsOverWhenTheFirstEndpointRefusesConnections() throws Exception {
        ScriptedUpstream healthy = upstream((head, body, in, out) -> answerJson(out, "{}"));
        balance(RoutingMode.PRIORITY, endpoint(1, "gone", "http://127.0.0.1:" + closedPort() + "/v1", 0, 5),
                endpoint(2, "healthy", healthy.base().toString(), 1, 5));

        FakeDownstream client = send(CHAT);

        assertThat(client.awaitEnd()).isEqualTo("completed");
        assertThat(client.endpoint).isEqualTo("healthy");
        assertThat(routing.upstreams.state(1).cooldown.consecutiveFailures()).isEqualTo(1);
        assertThat(proxy.health.last(1).kind()).isEqualTo("refused");
        assertThat(proxy.statistics.of(1).answers(AnswerClass.NO_ANSWER)).isEqualTo(1);
    }

    @Test
    void answers504WhenTheFirstByteTakesLongerThanTheTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        closing.add(release::countDown);
        ScriptedUpstream slow = upstream((head, body, in, out) -> {
            release.await();
            return false;
        });
        balance(RoutingMode.PRIORITY, endpoint(1, "slow", slow.base().toString(), 0, 0.3));
        long start = System.nanoTime();

        FakeDownstream client = send(CHAT);

        assertThat(client.awaitEnd()).isEqualTo("failed");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(client.problem.problem).isEqualTo(Problem.UPSTREAM_TIMEOUT);
        assertThat(tookMillis).isBetween(250L, 1000L);
    }

    @Test
    void aStreamThatGoesQuietMidwayEndsWithAnErrorEvent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        closing.add(release::countDown);
        ScriptedUpstream stalling = upstream((head, body, in, out) -> {
            streamHead(out);
            event(out, content("one"));
            release.await();
            return false;
        });
        balance(RoutingMode.PRIORITY, endpoint(1, "stalling", stalling.base().toString(), 0, 0.3));

        FakeDownstream client = send(STREAM);

        assertThat(client.awaitEnd()).isEqualTo("completed");
        assertThat(client.status).isEqualTo(200);
        assertThat(client.body()).startsWith("data: " + content("one") + "\n\n")
                .contains("\"code\":\"upstream_timeout\"");
        assertThat(proxy.statistics.of(1).failures()).isEqualTo(1);
    }

    @Test
    void anUpstreamThatFailsAfterItsPreambleIsReplacedAndTheClientSeesOneCleanStream() throws Exception {
        ScriptedUpstream dying = upstream((head, body, in, out) -> {
            streamHead(out);
            event(out, PREAMBLE);
            return false; // dies before any content
        });
        ScriptedUpstream healthy = upstream((head, body, in, out) -> {
            streamHead(out);
            event(out, PREAMBLE);
            event(out, content("hello"));
            event(out, USAGE);
            event(out, "[DONE]");
            ScriptedUpstream.write(out, "0\r\n\r\n");
            return true;
        });
        balance(RoutingMode.PRIORITY, endpoint(1, "dying", dying.base().toString(), 0, 5),
                endpoint(2, "healthy", healthy.base().toString(), 1, 5));

        FakeDownstream client = send(STREAM);

        assertThat(client.awaitEnd()).isEqualTo("completed");
        assertThat(client.endpoint).isEqualTo("healthy");
        assertThat(client.body()).isEqualTo("data: " + PREAMBLE + "\n\ndata: " + content("hello") + "\n\ndata: [DONE]\n\n");
        assertThat(proxy.statistics.of(1).failures()).isEqualTo(1);
        assertThat(proxy.statistics.of(2).completionTokens()).isEqualTo(2);
    }

    @Test
    void aClientThatHangsUpWhileWaitingForTheFirstByteClosesTheUpstreamConnection() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicLong closedAt = new AtomicLong();
        ScriptedUpstream thinking = upstream((head, body, in, out) -> {
            awaitHangUp(in, closedAt, closed);
            return false;
        });
        balance(RoutingMode.PRIORITY, endpoint(1, "thinking", thinking.base().toString(), 0, 60));
        FakeDownstream client = send(CHAT);
        awaitRequests(thinking, 1);

        long hungUp = System.nanoTime();
        client.hangUp();

        assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(closedAt.get() - hungUp)).isLessThan(1000);
        assertThat(client.awaitEnd()).isEqualTo("abandoned");
        assertThat(routing.upstreams.state(1).inflight()).isZero();
        assertThat(proxy.statistics.of(1).failures()).as("a client close is not the endpoint's failure").isZero();
        assertThat(proxy.metrics.byStatus()[Failover.CLIENT_CLOSED - 100]).isEqualTo(1);
    }

    @Test
    void aClientThatHangsUpMidStreamClosesTheUpstreamConnection() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicLong closedAt = new AtomicLong();
        ScriptedUpstream streaming = upstream((head, body, in, out) -> {
            streamHead(out);
            event(out, content("one"));
            awaitHangUp(in, closedAt, closed);
            return false;
        });
        balance(RoutingMode.PRIORITY, endpoint(1, "streaming", streaming.base().toString(), 0, 60));
        FakeDownstream client = send(STREAM);
        awaitBody(client, "one");

        long hungUp = System.nanoTime();
        client.hangUp();

        assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(closedAt.get() - hungUp)).isLessThan(1000);
        assertThat(routing.upstreams.state(1).inflight()).isZero();
    }

    @Test
    void aQueuedClientThatHangsUpNeverReachesTheEndpointAndTheSlotGoesToTheNext() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        closing.add(release::countDown);
        ScriptedUpstream single = upstream((head, body, in, out) -> {
            if (head.contains("X-Request-ID: first")) {
                release.await();
            }
            return answerJson(out, "{}");
        });
        EndpointSettings one = endpoint(1, "single", single.base().toString(), 0, 60, 1);
        balance(RoutingMode.PRIORITY, one);
        routing.queueTimeout(30);
        byte[] body = CHAT.getBytes(StandardCharsets.UTF_8);
        FakeDownstream first = new FakeDownstream();
        proxy.forward(first, "/chat/completions", body, OpenAiRequest.parse(body), Scope.DEFAULT, "first", null, null,
                System.nanoTime());
        awaitRequests(single, 1);
        FakeDownstream quitter = send(CHAT);
        FakeDownstream patient = send(CHAT);
        awaitWaiting(2);

        quitter.hangUp();
        assertThat(quitter.awaitEnd()).isEqualTo("abandoned");
        release.countDown();

        assertThat(first.awaitEnd()).isEqualTo("completed");
        assertThat(patient.awaitEnd()).isEqualTo("completed");
        assertThat(patient.status).isEqualTo(200);
        assertThat(single.requests).as("the quitter's request never went upstream").hasSize(2);
        assertThat(routing.router.waiting()).isZero();
    }

    @Test
    void aQueuedRequestTimesOutWith429() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        closing.add(release::countDown);
        ScriptedUpstream single = upstream((head, body, in, out) -> {
            release.await();
            return false;
        });
        EndpointSettings one = endpoint(1, "single", single.base().toString(), 0, 60, 1);
        balance(RoutingMode.PRIORITY, one);
        routing.queueTimeout(0.3);
        send(CHAT);
        awaitRequests(single, 1);

        FakeDownstream waiting = send(CHAT);

        assertThat(waiting.awaitEnd()).isEqualTo("failed");
        assertThat(waiting.problem.problem).isEqualTo(Problem.ALL_ENDPOINTS_BUSY);
        assertThat(waiting.problem.retryAfterSeconds).isPositive();
        assertThat(routing.router.waiting()).isZero();
    }

    @Test
    void aClientThatStopsReadingHoldsTheUpstreamBackAndOthersFlowOn() throws Exception {
        AtomicLong written = new AtomicLong();
        String big = "x".repeat(1000);
        int events = 20_000;
        ScriptedUpstream firehose = upstream((head, body, in, out) -> {
            streamHead(out);
            for (int i = 0; i < events; i++) {
                event(out, content(big));
                written.incrementAndGet();
            }
            event(out, "[DONE]");
            ScriptedUpstream.write(out, "0\r\n\r\n");
            return true;
        });
        balance(RoutingMode.PRIORITY, endpoint(1, "firehose", firehose.base().toString(), 0, 60));
        FakeDownstream slow = send(STREAM);
        awaitBody(slow, "xxx");
        slow.stall();

        // stopped = no event written for 300 ms
        until(Duration.ofSeconds(10), "the upstream stops", () -> {
            long before = written.get();
            Thread.sleep(300);
            return written.get() == before;
        });
        assertThat(written.get()).as("held back by TCP, not read into the heap").isLessThan(events);
        FakeDownstream other = send(STREAM);
        assertThat(other.awaitEnd()).as("another stream is not delayed by the stalled one").isEqualTo("completed");

        slow.drain();

        assertThat(slow.awaitEnd()).isEqualTo("completed");
        assertThat(slow.body()).endsWith("data: [DONE]\n\n");
        assertThat(slow.bodyLength()).as("every event arrived").isGreaterThan(events * big.length());
    }

    @Test
    void hidesTheUsageChunkItAskedForAndCountsItsTokens() throws Exception {
        ScriptedUpstream upstream = upstream((head, body, in, out) -> {
            streamHead(out);
            event(out, content("a"));
            event(out, content("b"));
            event(out, USAGE);
            event(out, "[DONE]");
            ScriptedUpstream.write(out, "0\r\n\r\n");
            return true;
        });
        balance(RoutingMode.PRIORITY, endpoint(1, "u", upstream.base().toString(), 0, 5));

        FakeDownstream client = send(STREAM);

        assertThat(client.awaitEnd()).isEqualTo("completed");
        assertThat(client.body()).doesNotContain("usage").endsWith("data: [DONE]\n\n");
        assertThat(upstream.requests.get(0)).contains("Accept: text/event-stream");
        assertThat(proxy.statistics.of(1).promptTokens()).isEqualTo(5);
        assertThat(proxy.statistics.of(1).estimatedCompletionTokens()).isZero();
    }

    void awaitRequests(ScriptedUpstream upstream, int count) throws Exception {
        until(Duration.ofSeconds(5), "the upstream gets " + count + " requests", () -> upstream.requests.size() >= count);
    }

    void awaitWaiting(int count) throws Exception {
        until(Duration.ofSeconds(5), count + " requests waiting", () -> routing.router.waiting() >= count);
    }

    static void awaitBody(FakeDownstream client, String part) throws Exception {
        until(Duration.ofSeconds(5), "the client gets " + part, () -> client.body().contains(part));
    }
}
