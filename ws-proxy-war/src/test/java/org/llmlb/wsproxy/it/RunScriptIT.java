package org.llmlb.wsproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** {@code ./run.sh} as the README's first command: both instances up, then one line that says so. */
class RunScriptIT {

    @Test
    void theStartScriptSaysOnceInOneLineWhereBothInstancesAreReady() throws Exception {
        Path root = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
        Path data = Files.createTempDirectory("run-script");
        int lb = freePort();
        int producer = freePort();
        ProcessBuilder builder = new ProcessBuilder("bash", "run.sh").directory(root.toFile())
                .redirectError(data.resolve("stderr.log").toFile());
        builder.environment().put("LB_PORT", Integer.toString(lb));
        builder.environment().put("PRODUCER_PORT", Integer.toString(producer));
        builder.environment().put("LB_DB_PATH", data.resolve("lb.db").toString());
        Process script = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8))) {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return "(" + e + ")";
                }
            });
            String line = first.get(300, TimeUnit.SECONDS);

            assertThat(line).isEqualTo("balancer ready on http://localhost:" + lb + " (admin /admin) · load producer ready on"
                    + " http://localhost:" + producer);
            // a quiet start: both instances' whole log so far fits on a screen, with none of the runtime's noise
            List<String> start = Files.readAllLines(data.resolve("stderr.log"));
            assertThat(start).as("log lines of both instances up to the ready line").hasSizeLessThan(40);
            assertThat(String.join("\n", start)).doesNotContain("has expired", "Hazelcast", "hazelcast.instance",
                    "Some of the ports seem occupied", "maxPoolSize", "cannot be instantiated", "SEVERE", "Exception")
                    .contains("INFO [org.llmlb.balancer.Lifecycle] balancer started");
        } finally {
            script.destroy();
            assertThat(script.waitFor(120, TimeUnit.SECONDS)).as("run.sh ends on SIGTERM").isTrue();
        }
        // the balancer's shutdown flush runs in the application's context: no JTA warnings
        assertThat(Files.readString(data.resolve("stderr.log"))).contains("drained (0 requests still running)")
                .doesNotContain("ComponentInvocation", "markThreadAsTransactional");
        // and it took both servers with it: nothing listens on their ports any more
        assertThat(listening(lb)).as("balancer still listening on " + lb + " after run.sh ended").isFalse();
        assertThat(listening(producer)).as("producer still listening on " + producer + " after run.sh ended").isFalse();
    }

    @Test
    void anUnknownLogFormatIsRefusedInOneLineBeforeAnythingStarts() throws Exception {
        Path root = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
        ProcessBuilder builder = new ProcessBuilder("bash", "run.sh").directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("LB_LOG_FORMAT", "xml");
        Process script = builder.start();
        assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(script.exitValue()).isEqualTo(2);
        assertThat(new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("LB_LOG_FORMAT must be text or json, not 'xml'\n");
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
