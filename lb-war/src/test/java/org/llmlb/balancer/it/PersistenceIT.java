package org.llmlb.balancer.it;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmlb.testsupport.LbServer;

/** Configuration and statistics totals live in SQLite and survive a restart (SIGTERM, then start). */
class PersistenceIT {

    static LbServer server;
    static WireMockServer upstream;

    @BeforeAll
    static void start() throws Exception {
        server = LbServer.start("persistence", Map.of("LB_STATS_FLUSH_SECONDS", "60"));
        upstream = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        upstream.start();
        upstream.stubFor(get(urlEqualTo("/v1/models")).willReturn(okJson("{\"object\":\"list\",\"data\":[]}")));
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(
                "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":5,\"total_tokens\":25}}")));
    }

    @AfterAll
    static void stop() {
        server.close();
        upstream.stop();
    }

    @Test
    void configurationAndStatTotalsSurviveARestart() throws Exception {
        Admin admin = new Admin(server);
        long id = admin.endpoint("keeper", URI.create(upstream.baseUrl() + "/v1"),
                "api_key", "sk-persisted-9876", "priority_order", 3, "max_concurrent", 7, "token_quota_percent", 42.5);
        admin.routing("priority");
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"n\":" + i + ",\"messages\":[]}"))
                    .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
        }

        server.restart();

        JsonNode state = admin.state();
        assertThat(state.get("routing_mode").asText()).isEqualTo("priority");
        JsonNode endpoint = admin.endpointState(id);
        assertThat(endpoint.get("name").asText()).isEqualTo("keeper");
        assertThat(endpoint.get("priority_order").asInt()).isEqualTo(3);
        assertThat(endpoint.get("max_concurrent").asInt()).isEqualTo(7);
        assertThat(endpoint.get("token_quota_percent").asDouble()).isEqualTo(42.5);
        assertThat(endpoint.get("api_key_preview").asText()).isEqualTo("sk-…9876");
        assertThat(endpoint.get("requests").asLong()).isEqualTo(3);
        assertThat(endpoint.get("prompt_tokens").asLong()).isEqualTo(60);
        assertThat(endpoint.get("completion_tokens").asLong()).isEqualTo(15);
        assertThat(endpoint.toString()).doesNotContain("sk-persisted-9876");
    }
}
