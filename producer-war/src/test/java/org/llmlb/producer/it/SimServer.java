package org.llmlb.producer.it;

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
 * The built {@code producer.war} at {@code /} on a real Payara Micro in its own process, so the
 * test exercises exactly what ships, through a real HTTP stack.
 */
final class SimServer implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Process process;

    private SimServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static SimServer start() throws Exception {
        Path dir = Path.of("target", "it-servers", "producer-" + System.nanoTime()).toAbsolutePath();
        Files.createDirectories(dir);
        int port = freePort();
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", System.getProperty("payara.microJar"),
                "--deploy", System.getProperty("producer.war") + ":/", "--port", Integer.toString(port),
                "--nocluster", "--disablephonehome",
                // a fresh root: Payara redeploys what it finds in an old root, racing --deploy
                "--rootdir", dir.resolve("runtime").toString());
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("payara.log").toFile())
                .start();
        SimServer server = new SimServer(dir, port, process);
        try {
            server.awaitReady(Duration.ofSeconds(150));
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private void awaitReady(Duration limit) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited; see " + dir.resolve("payara.log"));
            }
            try {
                // the simulator answering means the WAR is deployed and its servlet mapped
                HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(uri("/sim/fast/v1/models"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // still booting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("not ready within " + limit + "; see " + dir.resolve("payara.log"));
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
