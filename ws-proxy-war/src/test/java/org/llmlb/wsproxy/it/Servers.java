package org.llmlb.wsproxy.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Payara Micro in its own process with the built simulator ({@code producer.war} at
 * {@code /}) and the built engine ({@code ws-proxy.war} at {@code /ws-proxy}), as they ship.
 */
final class Servers implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Process process;

    private Servers(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static Servers start() throws Exception {
        Path dir = Path.of("target", "it-servers", "runs-" + System.nanoTime()).toAbsolutePath();
        Files.createDirectories(dir);
        int port = freePort();
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-jar", System.getProperty("payara.microJar"),
                "--deploy", System.getProperty("producer.war") + ":/",
                "--deploy", System.getProperty("ws-proxy.war") + ":/ws-proxy",
                "--port", Integer.toString(port), "--nocluster", "--disablephonehome",
                // a fresh root: Payara redeploys what it finds in an old root, racing --deploy
                "--rootdir", dir.resolve("runtime").toString());
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("payara.log").toFile())
                .start();
        Servers servers = new Servers(dir, port, process);
        try {
            servers.awaitReady(Duration.ofSeconds(180));
        } catch (Exception | Error e) {
            servers.close();
            throw e;
        }
        return servers;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    URI wsUri(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    private void awaitReady(Duration limit) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited; see " + dir.resolve("payara.log"));
            }
            try {
                // the simulator's models and the runs resource's own JSON 404 (not the container's
                // HTML one) mean both WARs are deployed
                if (ready(client, "/sim/fast/v1/models", 200) && ready(client, "/ws-proxy/api/runs/none", 404)) {
                    return;
                }
            } catch (IOException notYetListening) {
                // still booting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("not ready within " + limit + "; see " + dir.resolve("payara.log"));
    }

    private boolean ready(HttpClient client, String path, int status) throws IOException, InterruptedException {
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == status
                && response.headers().firstValue("Content-Type").orElse("").contains("json");
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
