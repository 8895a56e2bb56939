package org.llmlb.balancer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmlb.testsupport.Until.until;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.llmlb.testsupport.LbServer;

/** SIGTERM: running streams finish, new requests get 503 draining, readiness goes DOWN, then exit. */
class DrainIT {

    static LbServer server;
    static StreamingUpstream upstream;

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aRunningStreamCompletesWhileNewRequestsAreTurnedAway() throws Exception {
        server = LbServer.start("drain", Map.of("LB_DRAIN_TIMEOUT_SECONDS", "30"));
        upstream = new StreamingUpstream(50, 100, -1);
        new Admin(server).endpoint("streamer", upstream.baseUrl());
        // HTTP/1.1: with the JDK client's default h2c upgrade, the probes could share the stream's
        // connection and wait behind it
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + StreamingUpstream.MODEL
                        + "\",\"stream\":true}")).build(), HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        assertThat(lines.readLine()).startsWith("data: ");
        CompletableFuture<List<String>> rest = CompletableFuture.supplyAsync(() -> readAll(lines));
        CompletableFuture<Long> streamEnded = rest.thenApply(all -> System.nanoTime());

        server.terminate();

        HttpResponse<String> refused = awaitStatus(http, "/v1/models", 503);
        long refusedAt = System.nanoTime();
        assertThat(Admin.JSON.readTree(refused.body()).at("/error/code").asText()).isEqualTo("draining");
        HttpResponse<String> health = awaitStatus(http, "/health", 503);
        assertThat(Admin.JSON.readTree(health.body()).get("status").asText()).isEqualTo("draining");
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(server.uri("/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(503);

        List<String> remaining = rest.get();
        assertThat(streamEnded.get()).as("requests were refused while the stream still ran").isGreaterThan(refusedAt);
        assertThat(remaining.stream().filter(l -> l.startsWith("data: {")).count()).isEqualTo(49);
        assertThat(remaining).contains("data: [DONE]");
        assertThat(server.awaitExit(Duration.ofSeconds(30))).as("exits once drained").isTrue();
    }

    static HttpResponse<String> awaitStatus(HttpClient http, String path, int status) throws Exception {
        return until(Duration.ofSeconds(10), path + " answers " + status,
                () -> http.send(HttpRequest.newBuilder(server.uri(path)).build(), HttpResponse.BodyHandlers.ofString()),
                answer -> answer.statusCode() == status);
    }

    static List<String> readAll(BufferedReader lines) {
        List<String> all = new ArrayList<>();
        try (lines) {
            String line;
            while ((line = lines.readLine()) != null) {
                all.add(line);
            }
        } catch (java.io.IOException e) {
            all.add("IOException: " + e.getMessage());
        }
        return all;
    }
}
