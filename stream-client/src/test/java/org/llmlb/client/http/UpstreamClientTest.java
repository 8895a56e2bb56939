package org.llmlb.client.http;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLException;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.junit.jupiter.api.AfterEach;
import org.llmlb.testsupport.ScriptedUpstream;
import org.junit.jupiter.api.Test;

class UpstreamClientTest {

    static final String[] JSON = {"Content-Type", "application/json"};

    final UpstreamClient client = new UpstreamClient(Executors.defaultThreadFactory(), 1, 8, Duration.ofSeconds(2));
    final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        client.close();
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    ScriptedUpstream upstream(ScriptedUpstream.Script script) throws IOException {
        ScriptedUpstream upstream = new ScriptedUpstream(script);
        closing.add(upstream);
        return upstream;
    }

    Recorder post(URI base, String body) {
        Recorder recorder = new Recorder();
        client.send(UpstreamRequest.post(base, "/chat/completions", JSON, body.getBytes(StandardCharsets.UTF_8), true),
                recorder);
        return recorder;
    }

    @Test
    void readsAContentLengthAnswerAndReusesTheConnection() throws Exception {
        ScriptedUpstream upstream = upstream((head, body, in, out) -> {
            String answer = "{\"echo\":" + new String(body, StandardCharsets.UTF_8) + "}";
            ScriptedUpstream.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + answer.length() + "\r\n\r\n" + answer);
            return true;
        });

        Recorder first = post(upstream.base(), "1");
        assertThat(first.awaitDone()).isNull();
        Recorder second = post(upstream.base(), "2");
        assertThat(second.awaitDone()).isNull();

        assertThat(first.head.get().status()).isEqualTo(200);
        assertThat(first.head.get().header("content-type")).isEqualTo("application/json");
        assertThat(first.body()).isEqualTo("{\"echo\":1}");
        assertThat(second.body()).isEqualTo("{\"echo\":2}");
        assertThat(upstream.connections.get()).as("second request on the kept-alive connection").isEqualTo(1);
        assertThat(upstream.requests.get(0)).startsWith("POST /v1/chat/completions HTTP/1.1\r\n")
                .contains("Host: 127.0.0.1:" + upstream.port() + "\r\n", "Content-Length: 1\r\n",
                        "Content-Type: application/json\r\n");
        assertThat(first.threads).allSatisfy(t -> assertThat(t).startsWith("upstream-io-"));
    }

    @Test
    void deliversAChunkedStreamAsItArrives() throws Exception {
        ScriptedUpstream upstream = upstream((head, body, in, out) -> {
            ScriptedUpstream.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 3; i++) {
                ScriptedUpstream.write(out, ScriptedUpstream.chunk("data: " + i + "\n\n"));
                Thread.sleep(150);
            }
            ScriptedUpstream.write(out, "0\r\n\r\n");
            return true;
        });

        Recorder stream = post(upstream.base(), "{}");

        assertThat(stream.awaitDone()).isNull();
        assertThat(stream.body()).isEqualTo("data: 0\n\ndata: 1\n\ndata: 2\n\n");
        assertThat(stream.arrivals).hasSize(3);
        for (int i = 1; i < 3; i++) {
            assertThat(TimeUnit.NANOSECONDS.toMillis(stream.arrivals.get(i) - stream.arrivals.get(i - 1)))
                    .as("piece %d arrived when it was sent", i).isGreaterThan(100);
        }
    }

    @Test
    void readsABodyThatEndsWithTheConnection() throws Exception {
        ScriptedUpstream upstream = upstream((head, body, in, out) -> {
            ScriptedUpstream.write(out, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it");
            return false;
        });

        Recorder answer = post(upstream.base(), "{}");

        assertThat(answer.awaitDone()).isNull();
        assertThat(answer.body()).isEqualTo("all of it");
        assertThat(client.idleConnections("127.0.0.1", upstream.port())).isZero();
    }

    @Test
    void cancelClosesTheUpstreamConnectionAtOnce() throws Exception {
        CountDownLatch upstreamSawTheEnd = new CountDownLatch(1);
        AtomicLong endedAt = new AtomicLong();
        ScriptedUpstream upstream = upstream((head, body, in, out) -> {
            ScriptedUpstream.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + ScriptedUpstream.chunk("data: 0\n\n"));
            if (in.read() < 0) {
                endedAt.set(System.nanoTime());
                upstreamSawTheEnd.countDown();
            }
            return false;
        });
        Recorder stream = new Recorder();
        Exchange exchange = client.send(UpstreamRequest.post(upstream.base(), "/chat/completions", JSON, new byte[0], true),
                stream);
        CountDownLatch firstPiece = new CountDownLatch(1);
        stream.onContent = firstPiece::countDown;
        assertThat(firstPiece.await(5, TimeUnit.SECONDS)).isTrue();

        long cancelledAt = System.nanoTime();
        exchange.cancel();

        assertThat(upstreamSawTheEnd.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(endedAt.get() - cancelledAt)).isLessThan(100);
        assertThat(stream.done).isNotDone();
    }

    @Test
    void pausedExchangeHoldsTheUpstreamBackUntilResumed() throws Exception {
        int total = 32 * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        ScriptedUpstream upstream = upstream((head, body, in, out) -> {
            ScriptedUpstream.write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + total + "\r\n\r\n");
            byte[] block = new byte[64 * 1024];
            for (int sent = 0; sent < total; sent += block.length) {
                out.write(block);
                written.addAndGet(block.length);
            }
            out.flush();
            return true;
        });
        Recorder answer = new Recorder();
        Exchange[] exchange = new Exchange[1];
        CountDownLatch paused = new CountDownLatch(1);
        answer.onContent = () -> {
            if (paused.getCount() > 0) {
                exchange[0].pause();
                paused.countDown();
            }
        };
        exchange[0] = client.exchange(UpstreamRequest.post(upstream.base(), "/x", JSON, new byte[0], true), answer);
        exchange[0].start();
        assertThat(paused.await(5, TimeUnit.SECONDS)).isTrue();

        long before = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (written.get() != before) {
            before = written.get();
            Thread.sleep(300);
            assertThat(System.nanoTime()).as("the upstream kept writing").isLessThan(deadline);
        }
        assertThat(answer.bodyLength()).as("read while paused: at most one read buffer")
                .isLessThanOrEqualTo(2 * IoLoop.READ_BUFFER_BYTES);
        assertThat(written.get()).as("the upstream is held back by TCP").isLessThan(total);

        exchange[0].resume();

        assertThat(answer.awaitDone()).isNull();
        assertThat(answer.bodyLength()).isEqualTo(total);
    }

    @Test
    void refusedConnectionFails() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Recorder answer = post(URI.create("http://127.0.0.1:" + closed + "/v1"), "{}");
        assertThat(answer.awaitDone()).isInstanceOf(ConnectException.class);
    }

    @Test
    void unknownHostFails() throws Exception {
        Recorder answer = post(URI.create("http://no-such-host.invalid/v1"), "{}");
        assertThat(answer.awaitDone()).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void connectionTheUpstreamClosedWhileIdleIsReplacedTransparently() throws Exception {
        ScriptedUpstream upstream = upstream((head, body, in, out) -> {
            ScriptedUpstream.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            return false; // closes without saying so: the client still thinks the connection is alive
        });
        assertThat(post(upstream.base(), "{}").awaitDone()).isNull();

        Recorder second = post(upstream.base(), "{}");

        assertThat(second.awaitDone()).isNull();
        assertThat(second.body()).isEqualTo("ok");
        assertThat(upstream.connections.get()).isEqualTo(2);
    }

    @Test
    void malformedAnswerFails() throws Exception {
        ScriptedUpstream upstream = upstream((head, body, in, out) -> {
            ScriptedUpstream.write(out, "SSH-2.0-OpenSSH\r\n\r\n");
            return false;
        });
        assertThat(post(upstream.base(), "{}").awaitDone()).isInstanceOf(IOException.class)
                .hasMessageContaining("not an HTTP/1.x answer");
    }

    @Test
    void skipsInterimAnswers() throws Exception {
        ScriptedUpstream upstream = upstream((head, body, in, out) -> {
            ScriptedUpstream.write(out, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
            return true;
        });
        Recorder answer = post(upstream.base(), "{}");
        assertThat(answer.awaitDone()).isNull();
        assertThat(answer.head.get().status()).isEqualTo(201);
    }

    @Test
    void verifiesCertificatesUnlessToldNotTo() throws Exception {
        WireMockServer tls = new WireMockServer(options().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1"));
        tls.start();
        closing.add(tls::stop);
        tls.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/v1/chat/completions")).willReturn(okJson("{\"over\":\"tls\"}")));
        URI base = URI.create("https://localhost:" + tls.httpsPort() + "/v1");

        Recorder verified = new Recorder();
        client.send(UpstreamRequest.post(base, "/chat/completions", JSON, new byte[0], true), verified);
        assertThat(verified.awaitDone()).isInstanceOf(SSLException.class);

        Recorder trusting = new Recorder();
        client.send(UpstreamRequest.post(base, "/chat/completions", JSON, "{}".getBytes(), false), trusting);
        assertThat(trusting.awaitDone()).isNull();
        assertThat(trusting.body()).isEqualTo("{\"over\":\"tls\"}");

        Recorder again = new Recorder();
        client.send(UpstreamRequest.post(base, "/chat/completions", JSON, "{}".getBytes(), false), again);
        assertThat(again.awaitDone()).isNull();
        assertThat(client.idleConnections("localhost", tls.httpsPort())).isEqualTo(1);
    }

    @Test
    void thousandOpenStreamsNeedNoMoreThreads() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ScriptedUpstream upstream = upstream((head, body, in, out) -> {
            ScriptedUpstream.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + ScriptedUpstream.chunk("data: open\n\n"));
            release.await();
            ScriptedUpstream.write(out, "0\r\n\r\n");
            return false;
        });
        int before = Thread.activeCount();
        List<Recorder> streams = new ArrayList<>();
        CountDownLatch open = new CountDownLatch(300);
        for (int i = 0; i < 300; i++) {
            Recorder r = new Recorder();
            r.onContent = open::countDown;
            streams.add(r);
            client.send(UpstreamRequest.post(upstream.base(), "/s", JSON, new byte[0], true), r);
        }
        assertThat(open.await(20, TimeUnit.SECONDS)).isTrue();
        int clientThreads = Thread.activeCount() - before - upstream.connections.get();

        release.countDown();
        for (Recorder r : streams) {
            assertThat(r.awaitDone()).isNull();
        }
        assertThat(clientThreads).as("threads of the client itself with 300 open streams").isLessThanOrEqualTo(2);
    }

    @Test
    void refusesHeaderValuesThatWouldEndTheLine() {
        assertThatThrownBy(() -> UpstreamRequest.post(URI.create("http://h/v1"), "/x",
                new String[]{"Authorization", "Bearer sk\r\nX-Injected: yes"}, new byte[0], true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpstreamRequest.post(URI.create("http://h/v1"), "/x",
                new String[]{"Bad Name", "v"}, new byte[0], true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
