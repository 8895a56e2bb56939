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

    /** vLLM's per-response load report: an endpoint that says its queue is long gets the next requests less. */
    @Test
    void anEndpointsOwnLoadReportSteersTheNextRequests() throws Exception {
        admin.deleteAllEndpoints();
        admin.call("PATCH", "/routing", Map.of("affinity", "none"));
        WireMockServer busy = fakes.wiremock("busy");
        busy.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(FakeUpstreams.COMPLETION.formatted("busy"))
                .withHeader("endpoint-load-metrics",
                        "TEXT named_metrics.kv_cache_usage_perc=0.97, named_metrics.num_requests_waiting=20.0")));
        WireMockServer idle = fakes.wiremock("idle");
        idle.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(FakeUpstreams.COMPLETION.formatted("idle"))
                .withHeader("endpoint-load-metrics", "TEXT named_metrics.num_requests_waiting=0.0")));
        admin.endpoint("busy", URI.create(busy.baseUrl() + "/v1"));
        admin.endpoint("idle", URI.create(idle.baseUrl() + "/v1"));
        assertThat(admin.call("PATCH", "/routing", Map.of("mode", "least_load")).status()).isEqualTo(200);

        Map<String, Integer> answeredBy = new ConcurrentHashMap<>();
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> answer = chat(null, "{\"model\":\"m1\",\"messages\":[]}");
            assertThat(answer.statusCode()).isEqualTo(200);
            answeredBy.merge(answer.headers().firstValue("X-LB-Endpoint").orElseThrow(), 1, Integer::sum);
        }

        // one at a time, so in flight is always 0: only the reports tell them apart (a stale one, after 2 s, may
        // let "busy" have another)
        assertThat(answeredBy.getOrDefault("idle", 0)).as("answered by: " + answeredBy).isGreaterThanOrEqualTo(26);
        busy.verify(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("endpoint-load-metrics-format", com.github.tomakehurst.wiremock.client.WireMock.equalTo("TEXT")));
        var view = admin.call("GET", "/endpoints", null).body();
        var busyView = java.util.stream.StreamSupport.stream(view.spliterator(), false)
                .filter(e -> e.get("name").asText().equals("busy")).findFirst().orElseThrow();
        assertThat(busyView.get("load_signal").get("waiting").asDouble()).isEqualTo(20.0);
        assertThat(busyView.get("load_signal").get("kv_cache_usage").asDouble()).isEqualTo(0.97);
        assertThat(busyView.get("load_signal").get("age_seconds").asDouble()).isBetween(0.0, 60.0);
    }

    /** Affinity per entry node: a block's own affinity holds sessions while the global one is none. */
    @Test
    void anIncomingBlockKeepsItsSessionsWhileTheDefaultNodeDoesNot() throws Exception {
        admin.deleteAllEndpoints();
        admin.call("PATCH", "/routing", Map.of("mode", "least_load", "affinity", "none"));
        List<Long> ids = new ArrayList<>();
        for (String name : List.of("p1", "p2", "p3")) {
            ids.add(admin.endpoint(name, URI.create(fakes.wiremock(name).baseUrl() + "/v1")));
        }
        Admin.Answer block = admin.call("POST", "/incoming-blocks", Map.of("name", "sticky-tenant",
                "pool_name", "sticky", "endpoint_ids", ids, "affinity", "header"));
        assertThat(block.status()).as(block.raw().body()).isEqualTo(201);
        assertThat(block.body().get("affinity").asText()).isEqualTo("header");
        assertThat(admin.call("POST", "/incoming-blocks", Map.of("name", "bad", "affinity", "sticky")).status())
                .isEqualTo(422);
        try {
            Map<String, String> homeOf = new ConcurrentHashMap<>();
            for (int session = 0; session < 12; session++) {
                for (int turn = 0; turn < 3; turn++) {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(server.uri("/v1/sticky/chat/completions"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + LbServer.CLIENT_TOKEN)
                            .header("Content-Type", "application/json")
                            .header("X-Session-ID", "tenant-conversation-" + session)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m1\",\"messages\":[]}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                    String endpoint = answer.headers().firstValue("X-LB-Endpoint").orElseThrow();
                    assertThat(homeOf.computeIfAbsent("s" + session, k -> endpoint)).as("session " + session + " turn " + turn)
                            .isEqualTo(endpoint);
                }
            }
            assertThat(Set.copyOf(homeOf.values())).hasSizeGreaterThan(1);
            var exported = admin.call("GET", "/config", null).body().get("incoming_blocks");
            assertThat(exported.get(0).get("affinity").asText()).isEqualTo("header");
        } finally {
            admin.call("DELETE", "/incoming-blocks/" + block.body().get("id").asLong(), null);
        }
    }
}
