package org.llmlb.balancer.it;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmlb.testsupport.LbServer;

/** {@code least_load}: with one slow and one fast backend under concurrent load, the fast one gets most requests. */
class LeastLoadIT {

    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final FakeUpstreams fakes = new FakeUpstreams();
    static LbServer server;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        server = LbServer.shared();
        admin = new Admin(server);
        admin.deleteAllEndpoints();
    }

    @AfterAll
    static void stop() throws Exception {
        admin.call("PATCH", "/routing", Map.of("mode", "percentage", "affinity", "none"));
        fakes.close();
    }

    static HttpResponse<String> chat(String session, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + LbServer.CLIENT_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("X-Session-ID", session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSessionStaysOnOneEndpointAndSessionsSpreadOverAll() throws Exception {
        admin.deleteAllEndpoints();
        for (String name : List.of("s1", "s2", "s3")) {
            admin.endpoint(name, URI.create(fakes.wiremock(name).baseUrl() + "/v1"));
        }
        assertThat(admin.call("PATCH", "/routing", Map.of("mode", "least_load", "affinity", "header")).body()
                .get("affinity").asText()).isEqualTo("header");
        long hitsBefore = admin.state().get("affinity_hits").asLong();

        Map<String, String> homeOf = new ConcurrentHashMap<>();
        for (int session = 0; session < 30; session++) {
            for (int turn = 0; turn < 3; turn++) {
                HttpResponse<String> answer = chat("conversation-" + session, "{\"model\":\"m1\",\"messages\":[]}");
                assertThat(answer.statusCode()).isEqualTo(200);
                String endpoint = answer.headers().firstValue("X-LB-Endpoint").orElseThrow();
                assertThat(homeOf.computeIfAbsent("conversation-" + session, k -> endpoint))
                        .as("conversation-" + session + " turn " + turn).isEqualTo(endpoint);
            }
        }

        assertThat(Set.copyOf(homeOf.values())).containsExactlyInAnyOrder("s1", "s2", "s3");
        assertThat(admin.state().get("affinity_hits").asLong() - hitsBefore).isEqualTo(90);
        String metrics = http.send(HttpRequest.newBuilder(server.uri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("lb_routing_decisions_total\\{reason=\"affinity_hit\"\\} \\d+");
        assertThat(admin.call("PATCH", "/routing", Map.of("affinity", "sticky")).status()).isEqualTo(422);
    }

    @Test
    void theFasterEndpointTakesMoreOfTheConcurrentRequests() throws Exception {
        admin.deleteAllEndpoints();
        admin.call("PATCH", "/routing", Map.of("affinity", "none"));
        WireMockServer slow = fakes.wiremock("slow");
        slow.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(okJson(FakeUpstreams.COMPLETION.formatted("slow")).withFixedDelay(400)));
        WireMockServer fast = fakes.wiremock("fast");
        fast.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(okJson(FakeUpstreams.COMPLETION.formatted("fast")).withFixedDelay(20)));
        admin.endpoint("slow", URI.create(slow.baseUrl() + "/v1"));
        admin.endpoint("fast", URI.create(fast.baseUrl() + "/v1"));
        assertThat(admin.call("PATCH", "/routing", Map.of("mode", "least_load")).status()).isEqualTo(200);

        Map<String, Integer> answeredBy = new ConcurrentHashMap<>();
        Semaphore concurrency = new Semaphore(6);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            concurrency.acquire();
            all.add(http.sendAsync(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + LbServer.CLIENT_TOKEN)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m1\",\"messages\":[]}")).build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((answer, error) -> {
                        concurrency.release();
                        if (answer != null && answer.statusCode() == 200) {
                            answeredBy.merge(answer.headers().firstValue("X-LB-Endpoint").orElse("?"), 1, Integer::sum);
                        }
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();

        assertThat(answeredBy.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);
        assertThat(answeredBy.getOrDefault("fast", 0)).as("answered by: " + answeredBy)
                .isGreaterThan(3 * answeredBy.getOrDefault("slow", 0));
        assertThat(answeredBy.getOrDefault("slow", 0)).as("the slow one still gets some: " + answeredBy).isPositive();
        String metrics = http.send(HttpRequest.newBuilder(server.uri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("lb_routing_decisions_total\\{reason=\"least_load\"\\} [1-9]\\d");
    }
}
