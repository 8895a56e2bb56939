package org.llmlb.balancer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmlb.testsupport.Until.until;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmlb.testsupport.LbServer;
import org.llmlb.testsupport.ScriptedUpstream;

/**
 * What the non-blocking proxy promises on a real Payara Micro: a client that hangs up in any
 * phase closes the upstream connection within a second, a client that stops reading holds its
 * upstream back without holding up others, an upstream that fails after its preamble is replaced
 * invisibly, and every answer says how long the balancer itself took.
 */
class StreamingIT {

    static final String PREAMBLE = "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}";
    static final String STREAM = "{\"model\":\"m1\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String CHAT = "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    static LbServer server;
    static Admin admin;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = LbServer.start("streaming", Map.of("LB_QUEUE_TIMEOUT_SECONDS", "30", "LB_CACHE_MAX_ENTRIES", "0"));
        admin = new Admin(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clean() {
        admin.deleteAllEndpoints();
        admin.routing("priority");
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    /** An upstream that answers model discovery itself and hands every chat request to {@code script}. */
    ScriptedUpstream upstream(ScriptedUpstream.Script script) throws IOException {
        ScriptedUpstream upstream = new ScriptedUpstream((head, body, in, out) -> {
            if (head.startsWith("GET ")) {
                String models = "{\"object\":\"list\",\"data\":[{\"id\":\"m1\",\"object\":\"model\"}]}";
                ScriptedUpstream.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                        + models.length() + "\r\n\r\n" + models);
                return true;
            }
            return script.answer(head, body, in, out);
        });
        closing.add(upstream);
        return upstream;
    }

    static List<String> posts(ScriptedUpstream upstream) {
        return upstream.requests.stream().filter(r -> r.startsWith("POST ")).toList();
    }

    CountDownLatch latch() {
        CountDownLatch latch = new CountDownLatch(1);
        closing.add(0, latch::countDown);
        return latch;
    }

    static String content(String text) {
        return "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}";
    }

    static void streamHead(OutputStream out) throws IOException {
        ScriptedUpstream.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    static void event(OutputStream out, String data) throws IOException {
        ScriptedUpstream.write(out, ScriptedUpstream.chunk("data: " + data + "\n\n"));
    }

    static void endStream(OutputStream out) throws IOException {
        event(out, "[DONE]");
        ScriptedUpstream.write(out, "0\r\n\r\n");
    }

    /** The upstream side of a hang-up: when the balancer closed the connection. */
    static final class HangUp {
        final CountDownLatch seen = new CountDownLatch(1);
        final AtomicLong at = new AtomicLong();

        /** Blocks until the balancer closes the connection. */
        void await(InputStream in) throws IOException {
            if (in.read() < 0) {
                seen();
            }
        }

        void seen() {
            if (seen.getCount() > 0) {
                at.set(System.nanoTime());
                seen.countDown();
            }
        }

        /** Streams events 50 ms apart until writing fails because the balancer closed the connection. */
        void streamUntilClosed(OutputStream out) throws InterruptedException {
            try {
                for (int i = 0; i < 600; i++) {
                    event(out, content("t" + i));
                    Thread.sleep(50);
                }
            } catch (IOException closed) {
                seen();
            }
        }

        long millisAfter(long nanos) throws InterruptedException {
            assertThat(seen.await(10, TimeUnit.SECONDS)).as("the upstream saw the connection close").isTrue();
            return TimeUnit.NANOSECONDS.toMillis(at.get() - nanos);
        }
    }

    /** A raw HTTP/1.1 client: sends a request and reads as a test wants, or hangs up. */
    static final class RawClient implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;

        RawClient(String body) throws IOException {
            socket = new Socket();
            // a modest window, set before connecting as a real client's is
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new java.net.InetSocketAddress(server.uri().getHost(), server.uri().getPort()));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Reads lines until one contains {@code part}. */
        void readUntil(String part) throws IOException {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.contains(part)) {
                    return;
                }
            }
            throw new AssertionError("stream ended before " + part);
        }

        long hangUp() throws IOException {
            long now = System.nanoTime();
            socket.close();
            return now;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void hangingUpWhileANonStreamedAnswerIsBeingGeneratedClosesTheUpstreamWithinASecond() throws Exception {
        HangUp hangUp = new HangUp();
        ScriptedUpstream generating = upstream((head, body, in, out) -> {
            hangUp.await(in);
            return false;
        });
        long id = admin.endpoint("generating", generating.base());
        long before = requestsWithStatus(499);

        try (RawClient client = new RawClient(CHAT)) {
            awaitPosts(generating, 1);
            assertThat(hangUp.millisAfter(client.hangUp())).isLessThan(1000);
        }
        awaitInflight(0);
        assertThat(requestsWithStatus(499) - before).as("counted as a client close").isEqualTo(1);
        assertThat(admin.endpointState(id).get("failures").asLong()).isZero();
        JsonNode endpoint = admin.endpointState(id);
        assertThat(endpoint.get("requests").asLong()).as("an attempt of its endpoint").isEqualTo(1);
        assertThat(endpoint.at("/answers/client_closed").asLong()).isEqualTo(1);
    }

    @Test
    void hangingUpDuringPrefillClosesTheUpstreamWithinASecond() throws Exception {
        HangUp hangUp = new HangUp();
        ScriptedUpstream prefilling = upstream((head, body, in, out) -> {
            streamHead(out);
            event(out, PREAMBLE);
            hangUp.await(in);
            return false;
        });
        admin.endpoint("prefilling", prefilling.base());

        try (RawClient client = new RawClient(STREAM)) {
            awaitPosts(prefilling, 1);
            Thread.sleep(200); // the preamble is held back; nothing reaches the client
            assertThat(hangUp.millisAfter(client.hangUp())).isLessThan(1000);
        }
        awaitInflight(0);
    }

    @Test
    void hangingUpMidStreamClosesTheUpstreamWithinASecond() throws Exception {
        HangUp hangUp = new HangUp();
        ScriptedUpstream streaming = upstream((head, body, in, out) -> {
            streamHead(out);
            event(out, PREAMBLE);
            hangUp.streamUntilClosed(out);
            return false;
        });
        admin.endpoint("streaming", streaming.base());

        try (RawClient client = new RawClient(STREAM)) {
            client.readUntil("t2");
            // the upstream learns it from a write failing once the balancer closed the connection
            assertThat(hangUp.millisAfter(client.hangUp())).isLessThan(1000);
        }
        awaitInflight(0);
    }

    double awaitQueued(int count, String what) throws Exception {
        return until(Duration.ofSeconds(5), what + " (" + count + " queued)", () -> admin.state().get("queued").asInt() == count);
    }

    @Test
    void hangingUpWhileQueuedFreesTheSlotForTheNextWaiter() throws Exception {
        CountDownLatch release = latch();
        ScriptedUpstream single = upstream((head, body, in, out) -> {
            if (head.contains("\"first\"") || new String(body, StandardCharsets.UTF_8).contains("first")) {
                release.await();
            }
            String answer = "{\"ok\":true}";
            ScriptedUpstream.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + answer.length() + "\r\n\r\n" + answer);
            return true;
        });
        long id = admin.endpoint("single", single.base(), "max_concurrent", 1);

        try (RawClient first = new RawClient("{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"first\"}]}")) {
            awaitPosts(single, 1);
            awaitTotalInflight(1);
            RawClient quitter = new RawClient(CHAT);
            closing.add(quitter);
            awaitQueued(1, "the quitter is queued");
            quitter.hangUp();
            assertThat(awaitQueued(0, "the quitter's hang-up took it out of the queue"))
                    .as("seconds until the queued hang-up was noticed").isLessThan(1.5);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            var patient = http.sendAsync(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build(), HttpResponse.BodyHandlers.ofString());
            awaitQueued(1, "the patient client is queued");
            release.countDown();
            first.readUntil("ok");
            assertThat(patient.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(posts(single)).as("the quitter's request never went upstream").hasSize(2);
        assertThat(admin.endpointState(id).get("inflight").asInt()).isZero();
    }

    @Test
    void aClientThatStopsReadingHoldsItsUpstreamBackWithoutDelayingOthers() throws Exception {
        AtomicLong written = new AtomicLong();
        String big = "x".repeat(4000);
        // 320 MB: far more than the buffers on the way hold (loopback receive buffers autotune up
        // to net.ipv4.tcp_rmem's 32 MB here, send buffers to 4 MB, Grizzly queues more: a clean-clone
        // run saw 23,073 events, 92 MB, written before it was held back)
        int events = 80_000;
        ScriptedUpstream firehose = upstream((head, body, in, out) -> {
            streamHead(out);
            event(out, PREAMBLE);
            boolean slow = new String(body, StandardCharsets.UTF_8).contains("slow");
            for (int i = 0; i < (slow ? events : 3); i++) {
                event(out, content(slow ? big : "quick" + i));
                if (slow) {
                    written.incrementAndGet();
                }
            }
            endStream(out);
            return true;
        });
        admin.endpoint("firehose", firehose.base());

        try (RawClient slow = new RawClient("{\"model\":\"m1\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"slow\"}]}")) {
            slow.readUntil("xxxx");
            // held back = no event written for half a second
            until(Duration.ofSeconds(20), "the upstream is held back", () -> {
                long before = written.get();
                Thread.sleep(500);
                return written.get() == before;
            });
            assertThat(written.get()).as("events written while the client did not read").isLessThan(events / 2);

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long start = System.nanoTime();
            HttpResponse<String> other = http.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(STREAM)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(other.body()).contains("quick2").endsWith("data: [DONE]\n\n");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);

            slow.readUntil("[DONE]");
        }
        assertThat(written.get()).isEqualTo(events);
    }

    @Test
    void anUpstreamThatFailsAfterItsPreambleIsReplacedInvisibly() throws Exception {
        ScriptedUpstream dying = upstream((head, body, in, out) -> {
            streamHead(out);
            event(out, PREAMBLE);
            return false;
        });
        ScriptedUpstream healthy = upstream((head, body, in, out) -> {
            streamHead(out);
            event(out, PREAMBLE);
            event(out, content("Hello"));
            endStream(out);
            return true;
        });
        admin.endpoint("dying", dying.base(), "priority_order", 0);
        admin.endpoint("healthy", healthy.base(), "priority_order", 1);

        HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString(STREAM)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-LB-Endpoint")).hasValue("healthy");
        assertThat(answer.body()).isEqualTo("data: " + PREAMBLE + "\n\ndata: " + content("Hello") + "\n\ndata: [DONE]\n\n");
    }

    @Test
    void everyProxiedAnswerSaysHowLongTheBalancerTookAndMetricsAddItUp() throws Exception {
        ScriptedUpstream upstream = upstream((head, body, in, out) -> {
            String answer = "{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}";
            ScriptedUpstream.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + answer.length() + "\r\n\r\n" + answer);
            return true;
        });
        admin.endpoint("timed", upstream.base());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build(), HttpResponse.BodyHandlers.ofString());

        String overhead = answer.headers().firstValue("X-LB-Overhead-Ms").orElseThrow();
        assertThat(Double.parseDouble(overhead)).isBetween(0.0, 1000.0);
        assertThat(answer.headers().firstValue("Content-Length")).hasValue(Integer.toString(answer.body().length()));
        String metrics = http.send(HttpRequest.newBuilder(server.uri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("lb_endpoint_overhead_seconds_count{endpoint=\"timed\"} 1");
    }

    @Test
    void anH2cUpgradeIsRefusedCleanlyAndAClientThatCancelsStillClosesTheUpstream() throws Exception {
        HangUp hangUp = new HangUp();
        ScriptedUpstream streaming = upstream((head, body, in, out) -> {
            streamHead(out);
            event(out, PREAMBLE);
            hangUp.streamUntilClosed(out);
            return false;
        });
        admin.endpoint("h2", streaming.base());
        // asks for cleartext HTTP/2 by upgrade, as the JDK client does by default
        HttpClient h2c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

        HttpResponse<InputStream> answer = h2c.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(STREAM)).build(), HttpResponse.BodyHandlers.ofInputStream());

        assertThat(answer.version()).as("the upgrade is declined; the answer comes in HTTP/1.1")
                .isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(answer.statusCode()).isEqualTo(200);
        BufferedReader lines = new BufferedReader(new InputStreamReader(answer.body(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null && !line.contains("t2")) {
            // read into the stream
        }
        long cancelled = System.nanoTime();
        answer.body().close();

        assertThat(hangUp.millisAfter(cancelled)).isLessThan(1000);
        awaitInflight(0);
        HttpResponse<String> again = h2c.send(HttpRequest.newBuilder(server.uri("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(200);
    }

    static long requestsWithStatus(int status) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("lb_requests_total{status=\"" + status + "\"}")) {
                return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    static void awaitPosts(ScriptedUpstream upstream, int count) throws Exception {
        until(Duration.ofSeconds(10), "the upstream gets " + count + " requests", () -> posts(upstream).size() >= count);
    }

    static void awaitInflight(int expected) throws Exception {
        awaitTotalInflight(expected);
    }

    static void awaitTotalInflight(int expected) throws Exception {
        until(Duration.ofSeconds(10), "in-flight reaches " + expected,
                () -> admin.state().get("total_inflight").asInt(), inflight -> inflight == expected);
    }
}
