package org.llmlb.balancer.it;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built {@code lb.war} on a real Payara Micro in its own process, so a test controls its
 * environment variables, its SQLite file and its restarts (SIGTERM, like an operator).
 */
public final class LbServer implements AutoCloseable {

    public static final String ADMIN_TOKEN = "it-admin-token";
    public static final String CLIENT_TOKEN = "it-client-token";

    private static LbServer shared;

    private final Map<String, String> env;
    private final Path dir;
    private final int port;
    private Process process;

    private LbServer(Path dir, Map<String, String> env) throws IOException {
        this.dir = dir;
        this.env = env;
        this.port = freePort();
    }

    /** One server for the container tests that need no restart; stopped when the JVM exits. */
    public static synchronized LbServer shared() throws Exception {
        if (shared == null) {
            shared = start("shared", Map.of(
                    "LB_CLIENT_TOKENS", CLIENT_TOKEN + ",second-client-token",
                    "LB_FAIL_THRESHOLD", "2",
                    "LB_COOLDOWN_SECONDS", "60",
                    "LB_MODELS_REFRESH_SECONDS", "2",
                    // many tests send identical bodies and expect them routed: no cache here
                    "LB_CACHE_MAX_ENTRIES", "0",
                    "LB_ADMIN_RATE_LIMIT_RPM", "0"));
            LbServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return shared;
    }

    public static LbServer start(String name, Map<String, String> extraEnv) throws Exception {
        Path dir = Path.of("target", "it-servers", name + "-" + System.nanoTime()).toAbsolutePath();
        Files.createDirectories(dir.resolve("data"));
        Map<String, String> env = new HashMap<>();
        env.put("LB_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("LB_DB_PATH", dir.resolve("data/lb.db").toString());
        env.putAll(extraEnv);
        LbServer server = new LbServer(dir, env);
        server.boot();
        return server;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public URI uri(String path) {
        return uri().resolve(path);
    }

    public Path log() {
        return dir.resolve("payara.log");
    }

    private void boot() throws Exception {
        String jar = System.getProperty("payara.microJar");
        String war = System.getProperty("lb.war");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", jar, "--deploy", war + ":/", "--port", Integer.toString(port),
                "--nocluster", "--disablephonehome",
                // a fresh root per boot: Payara redeploys what it finds in an old root, racing --deploy
                "--rootdir", dir.resolve("runtime-" + System.nanoTime()).toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        awaitReady(Duration.ofSeconds(150));
    }

    private void awaitReady(Duration limit) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited; see " + log());
            }
            try {
                // /health/ready answers UP a moment before the WAR's paths are mapped; the admin API
                // answering means the whole application is in place
                HttpResponse<String> ready = client.send(HttpRequest.newBuilder(uri("/admin/api/state"))
                        .header("X-Admin-Token", ADMIN_TOKEN)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // still booting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("not ready within " + limit + "; see " + log());
    }

    /** SIGTERM and wait, as an orchestrator stops it. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** SIGTERM without waiting, to watch the drain. */
    public void terminate() {
        process.destroy();
    }

    public boolean awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void restart() throws Exception {
        stop();
        boot();
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
