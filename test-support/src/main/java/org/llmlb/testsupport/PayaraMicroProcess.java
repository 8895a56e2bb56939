package org.llmlb.testsupport;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Built WARs on a real Payara Micro in a process of its own, so a test runs exactly what ships
 * and controls the environment variables, the files and the restarts (SIGTERM, like an
 * operator). The port stays the same across restarts; each boot gets a fresh root.
 */
public final class PayaraMicroProcess implements AutoCloseable {

    private final Path directory;
    private final List<String> deployments;
    private final Map<String, String> env;
    private final Map<String, String> probeHeaders;
    private final Map<String, Predicate<HttpResponse<?>>> probes;
    private final String heap;
    private final List<String> bootOptions;
    private final List<String> clusterOptions;
    private final Duration startupTimeout;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Process process;

    private PayaraMicroProcess(Builder config, int port) {
        this.directory = config.directory;
        this.deployments = List.copyOf(config.deployments);
        this.env = Map.copyOf(config.env);
        this.probeHeaders = Map.copyOf(config.probeHeaders);
        this.probes = new LinkedHashMap<>(config.probes);
        this.heap = config.heap;
        this.bootOptions = List.copyOf(config.bootOptions);
        this.clusterOptions = List.copyOf(config.clusterOptions);
        this.startupTimeout = config.startupTimeout;
        this.port = port;
    }

    /** @param name prefix of the working directory {@code target/it-servers/<name>-<nanos>} */
    public static Builder builder(String name) {
        return new Builder(Path.of("target", "it-servers", name + "-" + System.nanoTime()).toAbsolutePath());
    }

    /** Accepts an answer with this status. */
    public static Predicate<HttpResponse<?>> status(int status) {
        return answer -> answer.statusCode() == status;
    }

    /** Accepts a JSON answer with this status: an application's own, not the container's HTML page. */
    public static Predicate<HttpResponse<?>> jsonStatus(int status) {
        return status(status).and(answer -> answer.headers().firstValue("Content-Type").orElse("").contains("json"));
    }

    public static final class Builder {

        private final Path directory;
        private final List<String> deployments = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, String> probeHeaders = new LinkedHashMap<>();
        private final Map<String, Predicate<HttpResponse<?>>> probes = new LinkedHashMap<>();
        private final List<String> bootOptions = new ArrayList<>();
        private final List<String> clusterOptions = new ArrayList<>(List.of("--nocluster"));
        private String heap = "512m";
        private Duration startupTimeout = Duration.ofSeconds(150);

        private Builder(Path directory) {
            this.directory = directory;
        }

        /** The working directory: the process's current directory, its log and its roots. */
        public Path directory() {
            return directory;
        }

        public Builder deploy(String warPath, String contextRoot) {
            deployments.add(warPath + ":" + contextRoot);
            return this;
        }

        /** A WAR named by a system property the build passes to the tests, e.g. {@code lb.war}. */
        public Builder deployProperty(String property, String contextRoot) {
            return deploy(required(property), contextRoot);
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder env(Map<String, String> entries) {
            env.putAll(entries);
            return this;
        }

        /** Payara Micro command files run before and after boot, as the shipped start scripts pass them. */
        public Builder bootCommands(Path preBoot, Path postBoot) {
            bootOptions.addAll(List.of("--prebootcommandfile", preBoot.toString(), "--postbootcommandfile", postBoot.toString()));
            return this;
        }

        /** A Payara Micro command file run before boot, as the shipped start scripts pass it. */
        public Builder preBootCommands(Path preBoot) {
            bootOptions.addAll(List.of("--prebootcommandfile", preBoot.toString()));
            return this;
        }

        /**
         * A member of a data grid found by TCP/IP on loopback, {@code members} as {@code
         * host:port,host:port}, listening on {@code port}: instead of {@code --nocluster}.
         */
        public Builder cluster(String members, int port) {
            clusterOptions.clear();
            clusterOptions.addAll(List.of("--clustermode", "tcpip:" + members, "--startport", Integer.toString(port),
                    "--interfaces", "127.0.0.1"));
            return this;
        }

        /** A java.util.logging configuration, as the shipped start script passes it. */
        public Builder logProperties(Path properties) {
            bootOptions.addAll(List.of("--logproperties", properties.toString()));
            return this;
        }

        /** Maximum heap, as {@code -Xmx} takes it: {@code 512m}. */
        public Builder heap(String size) {
            heap = size;
            return this;
        }

        /**
         * Ready once GET {@code path} gives an answer {@code accepted} takes; with several, once all
         * do. Polled until the startup timeout, or until the process exits.
         */
        public Builder readyWhen(String path, Predicate<HttpResponse<?>> accepted) {
            probes.put(path, accepted);
            return this;
        }

        /** A header sent with every readiness probe, e.g. an admin token. */
        public Builder probeHeader(String name, String value) {
            probeHeaders.put(name, value);
            return this;
        }

        public Builder startupTimeout(Duration limit) {
            startupTimeout = limit;
            return this;
        }

        /** Starts the process and returns once it is ready; stops it again if it does not get there. */
        public PayaraMicroProcess start() throws IOException, InterruptedException {
            if (deployments.isEmpty() || probes.isEmpty()) {
                throw new IllegalStateException("deploy at least one WAR and say when it is ready");
            }
            Files.createDirectories(directory);
            PayaraMicroProcess server = new PayaraMicroProcess(this, freePort());
            server.boot();
            return server;
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public URI uri(String path) {
        return uri().resolve(path);
    }

    public URI wsUri(String path) {
        return URI.create("ws://127.0.0.1:" + port).resolve(path);
    }

    public Path directory() {
        return directory;
    }

    /** Standard output and error of every boot, appended. */
    public Path log() {
        return directory.resolve("payara.log");
    }

    /**
     * Appends the server's thread dump ({@code jcmd <pid> Thread.print}) to its log: for a test that
     * saw a request hang, so the log shows where. Never fails the caller.
     */
    public void threadDump(String why) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            Files.writeString(log(), "\n===== thread dump: " + why + " =====\n", java.nio.file.StandardOpenOption.APPEND);
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
            dump.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // diagnostics only
        }
    }

    /** SIGTERM and wait, as an orchestrator stops it; forcibly after a minute. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** SIGKILL and wait: a crash, with no shutdown hook, drain or flush. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM without waiting, to watch what the server does meanwhile. */
    public void terminate() {
        process.destroy();
    }

    public boolean awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops and boots again on the same port, directory and environment. */
    public void restart() throws IOException, InterruptedException {
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

    private void boot() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "-jar", required("payara.microJar")));
        for (String deployment : deployments) {
            command.addAll(List.of("--deploy", deployment));
        }
        command.addAll(clusterOptions);
        command.addAll(List.of("--port", Integer.toString(port), "--disablephonehome",
                // a fresh root per boot: Payara redeploys what it finds in an old root, racing --deploy
                "--rootdir", directory.resolve("runtime-" + System.nanoTime()).toString()));
        command.addAll(bootOptions);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        try {
            awaitReady();
        } catch (InterruptedException | RuntimeException | AssertionError e) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw e;
        }
    }

    private void awaitReady() throws InterruptedException {
        try {
            // the server announces readiness only over HTTP
            Until.until(startupTimeout, "Payara Micro ready; see " + log(), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + "; see " + log());
                }
                return ready();
            });
        } catch (AssertionError notReady) {
            threadDump("not ready within " + startupTimeout);
            throw notReady;
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private boolean ready() throws InterruptedException {
        for (Map.Entry<String, Predicate<HttpResponse<?>>> probe : probes.entrySet()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(probe.getKey())).timeout(Duration.ofSeconds(2));
            probeHeaders.forEach(request::header);
            try {
                if (!probe.getValue().test(http.send(request.build(), HttpResponse.BodyHandlers.discarding()))) {
                    return false;
                }
            } catch (IOException notYetListening) {
                return false;
            }
        }
        return true;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (see the failsafe configuration)");
        }
        return value;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
