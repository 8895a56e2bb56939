package org.llmlb.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The built {@code lb.war} on a real Payara Micro in its own process, so a test controls its
 * environment variables, its SQLite file and its restarts (SIGTERM, like an operator): the one
 * balancer fixture of every module's container tests. It boots with the shipped start script's
 * boot commands and log configuration, and is ready once its admin API answers.
 */
public final class LbServer implements AutoCloseable {

    /** Strong (16+ characters), so admin calls work from any address, as an operator's would. */
    public static final String ADMIN_TOKEN = "it-admin-token-0123456789";
    public static final String CLIENT_TOKEN = "it-client-token";

    private static LbServer shared;

    private final PayaraMicroProcess process;

    private LbServer(PayaraMicroProcess process) {
        this.process = process;
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

    /** With {@link #ADMIN_TOKEN}; {@code extraEnv} adds to the environment or overrides it. */
    public static LbServer start(String name, Map<String, String> extraEnv) throws Exception {
        return start(name, extraEnv, ADMIN_TOKEN);
    }

    /** With {@code adminToken} as {@code LB_ADMIN_TOKEN}. */
    public static LbServer start(String name, Map<String, String> extraEnv, String adminToken) throws Exception {
        return start(name, extraEnv, adminToken, "logging.properties");
    }

    /** With one of the shipped log configurations, {@code logging.properties} or {@code logging-json.properties}. */
    public static LbServer start(String name, Map<String, String> extraEnv, String adminToken, String logging)
            throws Exception {
        PayaraMicroProcess.Builder micro = PayaraMicroProcess.builder(name);
        Path data = Files.createDirectories(micro.directory().resolve("data"));
        Path config = Path.of(System.getProperty("repo.root", ".."), "config");
        Path preBoot = config.resolve("lb-preboot.txt");
        String members = extraEnv.get("LB_CLUSTER_MEMBERS");
        if (members != null) {
            // as cluster.sh starts a replica: the data grid on, found by TCP/IP on loopback
            preBoot = config.resolve("lb-cluster-preboot.txt");
            micro.cluster(members, Integer.parseInt(extraEnv.getOrDefault("LB_CLUSTER_PORT", "5900")));
        }
        return new LbServer(micro
                .deployProperty("lb.war", "/")
                // the boot commands the shipped start script uses (no HTTP/2, kept-alive connections)
                .bootCommands(preBoot, config.resolve("lb-postboot.txt"))
                // and its log format: one line per record
                .logProperties(config.resolve(logging))
                .env("LB_ADMIN_TOKEN", adminToken)
                .env("LB_DB_PATH", data.resolve("lb.db").toString())
                // no GET /load polling unless a test asks for it: the fakes count what they are sent
                .env("LB_LOAD_POLL_MILLIS", "0")
                .env(extraEnv)
                // /health/ready answers UP a moment before the WAR's paths are mapped; the admin API
                // answering means the whole application is in place
                .probeHeader("X-Admin-Token", adminToken)
                .readyWhen("/admin/api/state", PayaraMicroProcess.status(200))
                .start());
    }

    public URI uri() {
        return process.uri();
    }

    public URI uri(String path) {
        return process.uri(path);
    }

    /** The working directory: the log, the runtime roots and {@code data/lb.db}. */
    public Path directory() {
        return process.directory();
    }

    /**
     * Sends {@code request} as raw bytes on a connection of its own and returns the first 512 bytes
     * of the answer (the head, for the answers the HTTP parser gives before any application code).
     */
    public String raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", uri().getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException closedEarly) {
                // the server may answer and close before it has read everything we send
            }
            return new String(socket.getInputStream().readNBytes(512), StandardCharsets.ISO_8859_1);
        }
    }

    public Path log() {
        return process.log();
    }

    /** The server's threads into its log, for a request that hung. */
    public void threadDump(String why) {
        process.threadDump(why);
    }

    /** SIGTERM and wait, as an orchestrator stops it. */
    public void stop() throws InterruptedException {
        process.stop();
    }

    /** SIGKILL and wait: a crash, with no shutdown hook, drain or flush. */
    public void kill() throws InterruptedException {
        process.kill();
    }

    /** SIGTERM without waiting, to watch the drain. */
    public void terminate() {
        process.terminate();
    }

    public boolean awaitExit(Duration limit) throws InterruptedException {
        return process.awaitExit(limit);
    }

    /** Same port, same database file. */
    public void restart() throws IOException, InterruptedException {
        process.restart();
    }

    @Override
    public void close() {
        process.close();
    }
}
