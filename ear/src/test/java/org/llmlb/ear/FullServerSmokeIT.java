package org.llmlb.ear;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The EAR, unchanged, on a full Jakarta EE 10 server (Payara Server 6 from Maven Central): a
 * domain of its own on free ports, deploy, check what users reach first, stop.
 */
class FullServerSmokeIT {

    static final String DOMAIN = "smoke";
    static final String ADMIN_TOKEN = "smoke-admin-token";
    static Path asadmin;
    static Path work;
    static int base;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void deploy() throws Exception {
        asadmin = Path.of(System.getProperty("asadmin"));
        work = Path.of("target", "smoke").toAbsolutePath();
        Files.createDirectories(work.resolve("data"));
        base = freePortBase();
        run("delete-domain", DOMAIN);
        expectOk(run("create-domain", "--nopassword", "--portbase", Integer.toString(base), DOMAIN));
        expectOk(run("start-domain", DOMAIN));
        expectOk(run("--port", Integer.toString(base + 48), "deploy", "--name", "llmlb", System.getProperty("ear")));
    }

    @AfterAll
    static void stop() throws Exception {
        run("stop-domain", DOMAIN);
        run("delete-domain", DOMAIN);
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + (base + 80) + path);
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("X-Admin-Token", ADMIN_TOKEN)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void balancerHealthModelsAndAdminAnswer() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ok\"", "\"routing_mode\"");
        assertThat(get("/health/ready").body()).contains("\"UP\"");
        HttpResponse<String> models = get("/v1/models");
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("\"object\":\"list\"");
        assertThat(get("/admin/").body()).contains("LLM Load Balancer");
        assertThat(get("/admin/api/state").statusCode()).isEqualTo(200);
        assertThat(get("/metrics").body()).contains("# TYPE lb_endpoint_requests_total counter");
    }

    @Test
    void producerAndWsProxyAreDeployedAtTheirContextRoots() throws Exception {
        assertThat(get("/producer/").statusCode()).isEqualTo(200);
        assertThat(get("/producer/").body()).contains("Load Producer");
        assertThat(get("/ws-proxy/").statusCode()).isEqualTo(200);
        // the page under /producer/ finds the presets at ../ws-proxy/api/presets
        assertThat(get("/ws-proxy/api/presets").statusCode()).isEqualTo(200);
        assertThat(get("/ws-proxy/api/presets").body()).contains("\"chat-short\"");
    }

    @Test
    void theLoadEngineAnswersOverItsWebSocket() throws Exception {
        java.util.concurrent.CompletableFuture<String> started = new java.util.concurrent.CompletableFuture<>();
        StringBuilder received = new StringBuilder();
        java.net.http.WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + (base + 80) + "/ws-proxy/ws"), new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data,
                                                                          boolean last) {
                        received.append(data);
                        if (last) {
                            String message = received.toString();
                            received.setLength(0);
                            if (message.contains("\"started\"") || message.contains("\"error\"")) {
                                started.complete(message);
                            }
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        String simulator = "http://127.0.0.1:" + (base + 80) + "/producer/sim/custom;ttft_ms=10;tps=100;tokens=3/v1";
        socket.sendText("{\"type\":\"start\",\"card\":{\"name\":\"smoke\",\"base_url\":\"" + simulator
                + "\",\"model\":\"m\",\"profile\":{\"type\":\"constant_concurrency\",\"concurrency\":1},"
                + "\"model_config\":{\"max_tokens\":3,\"stream\":true},\"request_count\":2}}", true).get(10, TimeUnit.SECONDS);
        assertThat(started.get(30, TimeUnit.SECONDS)).contains("\"started\"");
        socket.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }

    static List<String> run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(asadmin.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LB_ADMIN_TOKEN", ADMIN_TOKEN);
        builder.environment().put("LB_DB_PATH", work.resolve("data/lb.db").toString());
        builder.environment().put("LB_DRAIN_ON_SIGTERM", "false");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return List.of(Integer.toString(process.exitValue()), output);
    }

    static void expectOk(List<String> result) {
        assertThat(result.get(0)).as(result.get(1)).isEqualTo("0");
    }

    /** A port base whose admin (+48) and HTTP (+80) ports are free. */
    static int freePortBase() throws IOException {
        for (int candidate = 21000; candidate < 60000; candidate += 100) {
            if (free(candidate + 48) && free(candidate + 80) && free(candidate + 81)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port base");
    }

    static boolean free(int port) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
