package org.llmlb.wsproxy.it;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.llmlb.testsupport.PayaraMicroProcess;

/**
 * One Payara Micro in its own process with the built simulator ({@code producer.war} at
 * {@code /}) and the built engine ({@code ws-proxy.war} at {@code /ws-proxy}), as they ship.
 */
final class Servers implements AutoCloseable {

    private static Servers shared;

    private final PayaraMicroProcess process;

    private Servers(PayaraMicroProcess process) {
        this.process = process;
    }

    /**
     * One server for every test class of this module: runs are independent of each other, so
     * the classes need not pay a boot each. Stopped when the test JVM exits.
     */
    static synchronized Servers shared() throws Exception {
        if (shared == null) {
            shared = start();
            Servers servers = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(servers::close));
        }
        return shared;
    }

    static Servers start() throws Exception {
        return new Servers(PayaraMicroProcess.builder("runs")
                .deployProperty("producer.war", "/")
                .deployProperty("ws-proxy.war", "/ws-proxy")
                .preBootCommands(Path.of(System.getProperty("repo.root", ".."), "config", "producer-preboot.txt"))
                .heap("768m")
                .startupTimeout(Duration.ofSeconds(180))
                // the simulator's models and the engine's run list mean both WARs are deployed (a JSON
                // 404 does not: the WAR at / answers unknown paths, /ws-proxy/… too, in that shape)
                .readyWhen("/sim/fast/v1/models", PayaraMicroProcess.jsonStatus(200))
                .readyWhen("/ws-proxy/api/runs", PayaraMicroProcess.jsonStatus(200))
                .start());
    }

    URI uri(String path) {
        return process.uri(path);
    }

    URI wsUri(String path) {
        return process.wsUri(path);
    }

    @Override
    public void close() {
        process.close();
    }
}
