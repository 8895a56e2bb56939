package org.llmlb.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PostgreSQL server for container tests, from the system's binaries (Debian's
 * {@code postgresql} package, {@code /usr/lib/postgresql/<version>/bin}) in a directory of its
 * own, on a free loopback port, trust authentication, one database {@code lb} owned by user
 * {@code lb}. PostgreSQL refuses to run as root: as root it runs as the {@code postgres} user.
 */
public final class Postgres implements AutoCloseable {

    private final Path bin;
    private final Path directory;
    private final int port;
    private final boolean asPostgresUser;

    private Postgres(Path bin, Path directory, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.directory = directory;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The binaries' directory, or null when PostgreSQL is not installed. */
    public static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (var versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Path::compareTo).orElse(null);
        }
    }

    public static Postgres start(Path directory) throws Exception {
        Path bin = binaries();
        if (bin == null) {
            throw new IllegalStateException("PostgreSQL is not installed (apt-get install postgresql)");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            // the server runs as user postgres, who may not pass through the checkout's directories
            // (a clone under a 0700 temporary directory): its cluster goes under /tmp instead
            directory = Files.createTempDirectory(Path.of("/tmp"), "llmlb-postgres-");
        }
        Files.createDirectories(directory);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Postgres server = new Postgres(bin, directory, port, root);
        if (root) {
            run(List.of("chown", "-R", "postgres", directory.toString()), directory.resolve("chown.log"));
        }
        server.as(List.of(bin.resolve("initdb").toString(), "-D", directory.resolve("db").toString(), "-U", "lb",
                "--auth=trust", "--no-sync"), "initdb.log");
        server.startServer();
        server.as(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port),
                "-U", "lb", "lb"), "createdb.log");
        return server;
    }

    /** Starts the server on its data, as it was; once by {@link #start}, again after {@link #stopServer}. */
    public void startServer() throws Exception {
        as(List.of(bin.resolve("pg_ctl").toString(), "-D", directory.resolve("db").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off",
                "-l", directory.resolve("postgres.log").toString(), "start"), "pg_ctl-start.log");
    }

    /** Stops the server (its connections are cut) and keeps its data, for {@link #startServer}. */
    public void stopServer() throws Exception {
        as(List.of(bin.resolve("pg_ctl").toString(), "-D", directory.resolve("db").toString(), "-m", "fast",
                "-w", "stop"), "pg_ctl-stop.log");
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/lb";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        as(List.of(bin.resolve("pg_ctl").toString(), "-D", directory.resolve("db").toString(), "-m", "immediate",
                "-w", "stop"), "pg_ctl-stop.log");
        if (asPostgresUser) {
            try (var files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private void as(List<String> command, String log) throws Exception {
        if (!asPostgresUser) {
            run(command, directory.resolve(log));
            return;
        }
        List<String> quoted = new ArrayList<>();
        for (String part : command) {
            quoted.add("'" + part.replace("'", "'\\''") + "'");
        }
        run(List.of("su", "postgres", "-s", "/bin/sh", "-c", String.join(" ", quoted)), directory.resolve(log));
    }

    private static void run(List<String> command, Path log) throws Exception {
        // started in the cluster's directory: su keeps the working directory, which user postgres may not enter
        Process process = new ProcessBuilder(command).directory(log.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish in 120 s; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
                    + Files.readString(log));
        }
    }
}
