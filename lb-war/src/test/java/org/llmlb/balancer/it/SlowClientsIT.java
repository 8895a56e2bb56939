package org.llmlb.balancer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmlb.testsupport.LbServer;

/**
 * Slow and hostile clients: hundreds of connections that send nothing, heads and bodies that come
 * one byte a second, against a balancer with 16 HTTP threads. Real requests keep their latency,
 * no thread is held per connection, and each kind is cut off by its documented timeout.
 */
class SlowClientsIT {

    static final int IDLE = 500;
    static final int SLOW_HEADS = 40;
    static final int SLOW_BODIES = 24;
    static final int BODY_TIMEOUT_SECONDS = 5;
    /** Payara's keep-alive timeout ({@code timeout-seconds}), which also closes a connection that never sends. */
    static final int IDLE_TIMEOUT_SECONDS = 30;

    static LbServer server;
    static final FakeUpstreams fakes = new FakeUpstreams();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        server = LbServer.start("slow-clients", Map.of(
                "LB_CLIENT_BODY_TIMEOUT_SECONDS", Integer.toString(BODY_TIMEOUT_SECONDS),
                "LB_CACHE_MAX_ENTRIES", "0",
                "LB_ADMIN_RATE_LIMIT_RPM", "0"));
        WireMockServer upstream = fakes.wiremock("steady");
        new Admin(server).endpoint("steady", FakeUpstreams.base(upstream));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        fakes.close();
    }

    @Test
    void hostileConnectionsNeitherStarveRealRequestsNorHoldThreadsAndAreCutOff() throws Exception {
        // every HTTP worker started once, so the count below compares like with like
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> warm = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            warm.add(http.sendAsync(chatRequest(), HttpResponse.BodyHandlers.ofString()));
        }
        for (var answer : warm) {
            assertThat(answer.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        long baseline = medianChatMillis(20);
        int threadsBefore = serverThreads();
        List<Socket> idle = new ArrayList<>();
        List<Socket> heads = new ArrayList<>();
        List<Socket> bodies = new ArrayList<>();
        ScheduledExecutorService dribble = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < IDLE; i++) {
                idle.add(open());
            }
            for (int i = 0; i < SLOW_HEADS; i++) {
                heads.add(open());
            }
            for (int i = 0; i < SLOW_BODIES; i++) {
                Socket body = open();
                // half to the proxy, half to the admin API (whose resources read the blocking way)
                String path = i % 2 == 0 ? "/v1/chat/completions" : "/admin/api/endpoints";
                body.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "X-Admin-Token: " + LbServer.ADMIN_TOKEN + "\r\nContent-Length: 500\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                bodies.add(body);
            }
            long started = System.nanoTime();
            dribble.scheduleAtFixedRate(() -> {
                for (Socket s : heads) {
                    send(s, (byte) 'G');
                }
                for (Socket s : bodies) {
                    send(s, (byte) ' ');
                }
            }, 0, 1, TimeUnit.SECONDS);

            long during = medianChatMillis(20);
            int threadsDuring = serverThreads();
            HttpResponse<String> admin = http.send(HttpRequest.newBuilder(server.uri("/admin/api/state"))
                    .header("X-Admin-Token", LbServer.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());

            System.out.printf("slow clients: chat median %d ms before, %d ms with %d idle + %d slow heads + %d slow bodies"
                    + " open; server threads %d -> %d%n", baseline, during, IDLE, SLOW_HEADS, SLOW_BODIES, threadsBefore,
                    threadsDuring);
            assertThat(during).as("median chat latency with %d hostile connections open (ms, before: %d)",
                    IDLE + SLOW_HEADS + SLOW_BODIES, baseline).isLessThan(Math.max(5 * baseline, baseline + 100));
            assertThat(admin.statusCode()).isEqualTo(200);
            // none per connection: what may be added is the server's own pools filling up (async dispatch, timers)
            assertThat(threadsDuring - threadsBefore).as("server threads added by %d open connections",
                    IDLE + SLOW_HEADS + SLOW_BODIES).isLessThan(30);

            // a body that comes one byte a second is refused when the body timeout is up, counted from its start
            for (Socket body : bodies) {
                String head = readHead(body, BODY_TIMEOUT_SECONDS + 20);
                assertThat(head).startsWith("HTTP/1.1 408").containsIgnoringCase("connection: close");
            }
            double bodySeconds = (System.nanoTime() - started) / 1e9;
            assertThat(bodySeconds).isBetween(BODY_TIMEOUT_SECONDS - 1.0, BODY_TIMEOUT_SECONDS + 20.0);

            // a connection that never sends is closed by the keep-alive timeout
            for (Socket s : idle) {
                assertThat(awaitClosed(s, IDLE_TIMEOUT_SECONDS + 20)).as("idle connection closed by the server").isTrue();
            }
            double idleSeconds = (System.nanoTime() - started) / 1e9;
            assertThat(idleSeconds).isGreaterThan(IDLE_TIMEOUT_SECONDS - 5.0);

            // a head that keeps coming stays open (Payara restarts its idle timer on every byte; README,
            // Security) but holds no thread, as the thread count above shows; once it stops, it is closed
            dribble.shutdownNow();
            dribble.awaitTermination(5, TimeUnit.SECONDS);
            for (Socket s : heads) {
                assertThat(awaitClosed(s, IDLE_TIMEOUT_SECONDS + 20)).as("stalled head closed by the server").isTrue();
            }
            assertThat(medianChatMillis(5)).isLessThan(Math.max(5 * baseline, baseline + 100));
        } finally {
            dribble.shutdownNow();
            for (List<Socket> list : List.of(idle, heads, bodies)) {
                for (Socket s : list) {
                    s.close();
                }
            }
        }
    }

    Socket open() throws IOException {
        Socket socket = new Socket("localhost", server.uri().getPort());
        socket.setSoTimeout(1_000);
        return socket;
    }

    static void send(Socket socket, byte b) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(b);
            out.flush();
        } catch (IOException closedByTheServer) {
            // expected once its timeout is up
        }
    }

    /** The first bytes the server sends, waiting up to {@code seconds}. */
    static String readHead(Socket socket, int seconds) throws IOException {
        socket.setSoTimeout(seconds * 1_000);
        byte[] buffer = new byte[512];
        int n = socket.getInputStream().read(buffer);
        return n < 0 ? "(closed without an answer)" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Whether the server closes the connection within {@code seconds} (whatever it sends first). */
    static boolean awaitClosed(Socket socket, int seconds) throws IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[1024];
        while (System.nanoTime() < end) {
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    long medianChatMillis(int requests) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = http.send(chatRequest(), HttpResponse.BodyHandlers.ofString());
            millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
        millis.sort(null);
        return millis.get(millis.size() / 2);
    }

    HttpRequest chatRequest() {
        return HttpRequest.newBuilder(server.uri("/v1/chat/completions")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m1\",\"messages\":[]}")).build();
    }

    int serverThreads() throws Exception {
        String base = http.send(HttpRequest.newBuilder(server.uri("/metrics?scope=base")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher count = Pattern.compile("(?m)^thread_count\\{[^}]*} ([0-9.]+)").matcher(base);
        assertThat(count.find()).as("thread_count in " + base.length() + " bytes of base metrics").isTrue();
        return (int) Double.parseDouble(count.group(1));
    }
}
