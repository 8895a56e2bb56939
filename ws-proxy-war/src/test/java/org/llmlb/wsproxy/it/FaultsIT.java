package org.llmlb.wsproxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmlb.testsupport.Until.until;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;
import org.llmlb.testsupport.LbServer;
import org.llmlb.testsupport.PayaraMicroProcess;

/**
 * Faults under load, with real processes: two simulator backends (each its own Payara Micro) behind
 * a balancer; one backend is killed with SIGKILL mid-run, then the balancer itself during a burst of
 * admin writes. The counts are printed for the README.
 */
class FaultsIT {

    static final String ADMIN_TOKEN = "faults-it-admin-token-0123";
    static final String MODEL = "sim-model";
    /** 40 tokens at 20 tokens/s: each stream is open about 2 s, so a kill always finds some mid-way. */
    static final String PROFILE = "/sim/custom;ttft_ms=50;tps=20;tokens=40;model=" + MODEL + "/v1";
    static final int CLIENTS = 24;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    enum Outcome { OK, CUT_WITH_ERROR_EVENT, FAILED }

    record Result(Outcome outcome, String endpoint, String detail) {
    }

    static PayaraMicroProcess simulator(String name) throws Exception {
        return PayaraMicroProcess.builder(name)
                .deployProperty("producer.war", "/")
                .preBootCommands(Path.of(System.getProperty("repo.root", ".."), "config", "producer-preboot.txt"))
                .readyWhen("/sim/fast/v1/models", PayaraMicroProcess.status(200))
                .start();
    }

    static LbServer balancer(String name, Map<String, String> env) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("LB_ADMIN_RATE_LIMIT_RPM", "0");
        return Balancer.server(name, ADMIN_TOKEN, all);
    }

    HttpResponse<String> admin(LbServer lb, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(lb.uri("/admin/api" + path)).timeout(Duration.ofSeconds(10))
                .header("X-Admin-Token", ADMIN_TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void aBackendKilledMidRunFailsOverCutsOnlyStartedStreamsCoolsDownAndComesBack() throws Exception {
        try (PayaraMicroProcess a = simulator("sim-a"); PayaraMicroProcess b = simulator("sim-b");
             LbServer lb = balancer("faults-lb", Map.of("LB_FAIL_THRESHOLD", "1", "LB_COOLDOWN_SECONDS", "5",
                     "LB_MODELS_REFRESH_SECONDS", "2"))) {
            for (var backend : Map.of("sim-a", a, "sim-b", b).entrySet()) {
                HttpResponse<String> created = admin(lb, "POST", "/endpoints", Json.createObjectBuilder()
                        .add("name", backend.getKey()).add("base_url", backend.getValue().uri(PROFILE).toString())
                        .add("connected", true).add("token_quota_percent", 50).build().toString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            }
            until(Duration.ofSeconds(30), "both endpoints serve " + MODEL, () -> servedBy(lb, 12).containsAll(
                    List.of("sim-a", "sim-b")));

            List<Result> results = new ArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<List<Result>>> loops = new ArrayList<>();
            CountDownLatch warm = new CountDownLatch(CLIENTS * 2);
            for (int i = 0; i < CLIENTS; i++) {
                boolean streams = i % 4 != 0;
                loops.add(clients.submit(() -> {
                    List<Result> mine = new ArrayList<>();
                    while (running.get()) {
                        mine.add(streams ? stream(lb) : whole(lb));
                        warm.countDown();
                    }
                    return mine;
                }));
            }
            assertThat(warm.await(60, TimeUnit.SECONDS)).as("two requests per client before the kill").isTrue();
            a.kill();
            long killed = System.nanoTime();
            // the load goes on for a few streams' length after the kill; the state is read within the cooldown
            Thread.sleep(2_000);
            HttpResponse<String> state = admin(lb, "GET", "/state", null);
            Thread.sleep(4_000);
            running.set(false);
            for (Future<List<Result>> loop : loops) {
                results.addAll(loop.get(60, TimeUnit.SECONDS));
            }
            clients.shutdown();

            long ok = results.stream().filter(r -> r.outcome() == Outcome.OK).count();
            long cut = results.stream().filter(r -> r.outcome() == Outcome.CUT_WITH_ERROR_EVENT).count();
            List<Result> failed = results.stream().filter(r -> r.outcome() == Outcome.FAILED).toList();
            System.out.printf("backend SIGKILL under load: %d requests, %d succeeded, %d streams cut mid-way with the"
                    + " SSE error event, %d other failures seen by clients%n", results.size(), ok, cut, failed.size());

            assertThat(failed).as("requests that failed other than by a cut stream ending in an error event").isEmpty();
            assertThat(cut).as("streams were open on the killed backend").isPositive();
            JsonObject dead = endpoint(json(state.body()), "sim-a");
            assertThat(dead.get("cooldown_until")).as("sim-a after the kill: " + dead).isNotEqualTo(JsonValue.NULL);

            a.restart();
            double cameBack = until(Duration.ofSeconds(60), "sim-a serves again after its restart",
                    () -> servedBy(lb, 6).contains("sim-a"));
            System.out.printf("backend back in rotation %.1f s after its restart (killed %.1f s before)%n", cameBack,
                    (System.nanoTime() - killed) / 1e9);
        }
    }

    @Test
    void theBalancerKilledDuringAdminWritesKeepsEveryAcknowledgedWriteAndAnIntactDatabase() throws Exception {
        try (LbServer lb = balancer("crash-lb", Map.of())) {
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger attempted = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService writers = Executors.newFixedThreadPool(4);
            CountDownLatch some = new CountDownLatch(150);
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.submit(() -> {
                    for (int n = 0; running.get(); n++) {
                        String name = "burst-" + writer + "-" + n;
                        attempted.incrementAndGet();
                        try {
                            HttpResponse<String> answer = admin(lb, "POST", "/tokens", "{\"name\":\"" + name + "\"}");
                            if (answer.statusCode() == 201) {
                                acknowledged.add(name);
                                some.countDown();
                            }
                        } catch (IOException | InterruptedException killed) {
                            return null;
                        }
                    }
                    return null;
                });
            }
            assertThat(some.await(60, TimeUnit.SECONDS)).as("150 acknowledged writes before the kill").isTrue();
            lb.kill();
            running.set(false);
            writers.shutdown();
            assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            lb.restart();
            Set<String> stored = new java.util.HashSet<>();
            json("{\"t\":" + admin(lb, "GET", "/tokens", null).body() + "}").getJsonArray("t")
                    .forEach(t -> stored.add(t.asJsonObject().getString("name")));
            Set<String> lost = new java.util.HashSet<>(acknowledged);
            lost.removeAll(stored);
            String integrity = integrityCheck(lb.directory().resolve("data").resolve("lb.db"));
            System.out.printf("balancer SIGKILL during admin writes: %d attempted, %d acknowledged, %d acknowledged"
                    + " writes lost, %d stored, integrity_check %s%n", attempted.get(), acknowledged.size(), lost.size(),
                    stored.size(), integrity);

            assertThat(lost).as("acknowledged writes missing after the restart").isEmpty();
            assertThat(integrity).isEqualTo("ok");
        }
    }

    static String integrityCheck(Path database) throws Exception {
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + database);
             ResultSet row = sqlite.createStatement().executeQuery("PRAGMA integrity_check")) {
            row.next();
            return row.getString(1);
        }
    }

    static JsonObject endpoint(JsonObject state, String name) {
        return state.getJsonArray("endpoints").stream().map(JsonValue::asJsonObject)
                .filter(e -> e.getString("name").equals(name)).findFirst().orElseThrow();
    }

    /** The endpoints that answered {@code n} quick non-streamed requests. */
    Set<String> servedBy(LbServer lb, int n) throws Exception {
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> answer = http.send(chat(lb, false), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                answer.headers().firstValue("X-LB-Endpoint").ifPresent(names::add);
            }
        }
        return names;
    }

    HttpRequest chat(LbServer lb, boolean stream) {
        return HttpRequest.newBuilder(lb.uri("/v1/chat/completions")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
    }

    Result whole(LbServer lb) {
        try {
            HttpResponse<String> answer = http.send(chat(lb, false), HttpResponse.BodyHandlers.ofString());
            String endpoint = answer.headers().firstValue("X-LB-Endpoint").orElse("?");
            return answer.statusCode() == 200 && answer.body().contains("\"choices\"")
                    ? new Result(Outcome.OK, endpoint, "")
                    : new Result(Outcome.FAILED, endpoint, answer.statusCode() + " " + answer.body());
        } catch (IOException | InterruptedException e) {
            return new Result(Outcome.FAILED, "?", e.toString());
        }
    }

    Result stream(LbServer lb) {
        try {
            HttpResponse<Stream<String>> answer = http.send(chat(lb, true), HttpResponse.BodyHandlers.ofLines());
            String endpoint = answer.headers().firstValue("X-LB-Endpoint").orElse("?");
            if (answer.statusCode() != 200) {
                return new Result(Outcome.FAILED, endpoint, "status " + answer.statusCode());
            }
            boolean content = false;
            boolean done = false;
            boolean error = false;
            try (Stream<String> lines = answer.body()) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.startsWith("data: {\"error\"")) {
                        error = true;
                    } else if (line.equals("data: [DONE]")) {
                        done = true;
                    } else if (line.startsWith("data: {")) {
                        content = true;
                    }
                }
            }
            if (done && !error) {
                return new Result(Outcome.OK, endpoint, "");
            }
            return content && error && !done ? new Result(Outcome.CUT_WITH_ERROR_EVENT, endpoint, "")
                    : new Result(Outcome.FAILED, endpoint, "content " + content + ", done " + done + ", error " + error);
        } catch (IOException | java.io.UncheckedIOException | InterruptedException e) {
            return new Result(Outcome.FAILED, "?", e.toString());
        }
    }
}
