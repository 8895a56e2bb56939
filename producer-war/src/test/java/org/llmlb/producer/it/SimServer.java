package org.llmlb.producer.it;

import java.net.URI;
import java.nio.file.Path;

import org.llmlb.testsupport.PayaraMicroProcess;

/**
 * The built {@code producer.war} at {@code /} on a real Payara Micro in its own process, so the
 * test exercises exactly what ships, through a real HTTP stack.
 */
final class SimServer implements AutoCloseable {

    private final PayaraMicroProcess process;

    private SimServer(PayaraMicroProcess process) {
        this.process = process;
    }

    static SimServer start() throws Exception {
        return new SimServer(PayaraMicroProcess.builder("producer")
                .deployProperty("producer.war", "/")
                .preBootCommands(Path.of(System.getProperty("repo.root", ".."), "config", "producer-preboot.txt"))
                // the simulator answering means the WAR is deployed and its servlet mapped
                .readyWhen("/sim/fast/v1/models", PayaraMicroProcess.status(200))
                .start());
    }

    URI uri(String path) {
        return process.uri(path);
    }

    @Override
    public void close() {
        process.close();
    }
}
