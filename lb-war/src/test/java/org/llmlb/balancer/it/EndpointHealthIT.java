package org.llmlb.balancer.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.llmlb.testsupport.Until.until;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmlb.testsupport.LbServer;

/**
 * An operator's view of an endpoint that does not work: the admin API, {@code /metrics} and the
 * server log say what is wrong (a base URL without {@code /v1}, 4xx answers, a DNS failure, a
 * cooldown cycle), and ids of deleted endpoints are not given out again. The server logs in
 * JSON ({@code config/logging-json.properties}); every log line read here is one JSON record.
 */
class EndpointHealthIT {

    static final String MODELS = "{\"object\":\"list\",\"data\":[{\"id\":\"m1\",\"object\":\"model\"}]}";
    static final String CHAT = """
            {"id":"c","object":"chat.completion","created":1,"model":"m1",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    static LbServer server;
    static Admin admin;
    static final HttpClient http = HttpClient.newHttpClient();
    static WireMockServer upstream;

    @BeforeAll
    static void start() throws Exception {
        server = LbServer.start("endpoint-health", Map.of(
                "LB_FAIL_THRESHOLD", "2",
                "LB_COOLDOWN_SECONDS", "2",
                "LB_MODELS_REFRESH_SECONDS", "2",
                "LB_CACHE_MAX_ENTRIES", "0",
                "LB_ADMIN_RATE_LIMIT_RPM", "0"), LbServer.ADMIN_TOKEN, "logging-json.properties");
        admin = new Admin(server);
        upstream = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        upstream.start();
    }

    @AfterAll
    static void stop() throws Exception {
        upstream.stop();
        server.close();
    }

    @BeforeEach
    void blank() {
        admin.deleteAllEndpoints();
        admin.routing("priority");
        upstream.resetAll();
        upstream.stubFor(get(urlEqualTo("/v1/models")).willReturn(okJson(MODELS)));
    }

    static HttpResponse<String> chat() throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m1\",\"messages\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode endpoint(long id) {
        return admin.call("GET", "/endpoints/" + id, null).body();
    }

    static String metrics() throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri("/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /**
     * The server's log records (it logs one JSON object per line, as {@code LB_LOG_FORMAT=json}
     * does) as {@code LEVEL message} lines; anything else on standard output is left out.
     */
    static String log() throws Exception {
        StringBuilder records = new StringBuilder();
        for (String line : Files.readAllLines(server.log())) {
            if (line.startsWith("{")) {
                JsonNode record = JSON.readTree(line);
                records.append(record.get("Level").asText()).append(' ').append(record.get("LoggerName").asText())
                        .append(' ').append(record.get("LogMessage").asText()).append('\n');
            }
        }
        return records.toString();
    }

    @Test
    void aBaseUrlWithoutV1IsReportedWithWhatToChange() throws Exception {
        URI bare = URI.create(upstream.baseUrl());
        long id = admin.endpoint("no-v1", bare);

        until(WAIT, "the discovery of " + bare + " failed", () -> "failed".equals(endpoint(id).at("/discovery/status").asText()));

        JsonNode discovery = endpoint(id).get("discovery");
        assertThat(discovery.get("http_status").asInt()).isEqualTo(404);
        assertThat(discovery.get("hint").asText()).contains("does not end in /v1").contains(bare + "/v1");
        assertThat(discovery.get("at").asText()).isNotEmpty();
        assertThat(metrics()).contains("lb_endpoint_models_discovered{endpoint=\"no-v1\"} 0");
        assertThat(log()).contains("endpoint 'no-v1' (id " + id + "): model discovery at " + bare + "/models failed");

        admin.patch(id, Map.of("base_url", bare + "/v1"));
        until(WAIT, "the discovery with /v1 works", () -> "ok".equals(endpoint(id).at("/discovery/status").asText()));
        assertThat(endpoint(id).at("/discovery/models").asInt()).isEqualTo(1);
        assertThat(endpoint(id).at("/discovery/hint").isNull()).isTrue();
        assertThat(metrics()).contains("lb_endpoint_models_discovered{endpoint=\"no-v1\"} 1");
    }

    @Test
    void answersPassedThroughAsTheyAreCountAsRequestsOfTheirEndpointByStatusClass() throws Exception {
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"The model `m1` does not exist.\",\"code\":404}}")));
        long id = admin.endpoint("answers-404", URI.create(upstream.baseUrl() + "/v1"));

        for (int i = 0; i < 3; i++) {
            assertThat(chat().statusCode()).isEqualTo(404);
        }

        JsonNode e = endpoint(id);
        assertThat(e.get("requests").asLong()).isEqualTo(3);
        assertThat(e.get("failures").asLong()).isZero();
        assertThat(e.at("/answers/4xx").asLong()).isEqualTo(3);
        assertThat(e.at("/answers/2xx").asLong()).isZero();
        assertThat(e.at("/last_error/status").asInt()).isEqualTo(404);
        assertThat(e.at("/last_error/kind").asText()).isEqualTo("http");
        assertThat(e.at("/last_error/body").asText()).contains("does not exist");
        assertThat(e.at("/last_error/request_id").asText()).isNotEmpty();
        assertThat(e.get("in_cooldown").asBoolean()).isFalse();
        String metrics = metrics();
        assertThat(metrics).contains("lb_endpoint_requests_total{endpoint=\"answers-404\"} 3")
                .contains("lb_endpoint_answers_total{endpoint=\"answers-404\",class=\"4xx\"} 3")
                .contains("lb_endpoint_failures_total{endpoint=\"answers-404\"} 0");
    }

    @Test
    void aDnsFailureIsNamedInTheApiTheMetricsAndOneLogLine() throws Exception {
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(CHAT)));
        long dead = admin.endpoint("no-such-host", URI.create("http://no-such-host.invalid:8000/v1"), "priority_order", 0);
        admin.endpoint("healthy", URI.create(upstream.baseUrl() + "/v1"), "priority_order", 1);

        HttpResponse<String> answer = chat();

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-LB-Endpoint")).hasValue("healthy");
        JsonNode e = endpoint(dead);
        assertThat(e.at("/last_error/kind").asText()).isEqualTo("dns");
        assertThat(e.at("/last_error/message").asText()).contains("unknown host").contains("no-such-host.invalid");
        assertThat(e.at("/answers/no_answer").asLong()).isEqualTo(1);
        assertThat(e.get("failures").asLong()).isEqualTo(1);
        until(WAIT, "the discovery of the unknown host failed", () ->
                endpoint(dead).at("/discovery/error").asText().startsWith("dns: unknown host"));
        assertThat(metrics()).contains("lb_endpoint_answers_total{endpoint=\"no-such-host\",class=\"no_answer\"} 1");
        until(WAIT, "a WARNING names the endpoint and the cause", () -> log().lines().anyMatch(line ->
                line.contains("WARNING") && line.contains("endpoint 'no-such-host' (id " + dead + ") failed: unknown host")
                        && line.contains("[dns], request ")));
    }

    @Test
    void aCooldownCycleIsExplainedInTheApiAndLoggedOpenHalfOpenClosed() throws Exception {
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"overloaded\"}}")));
        long id = admin.endpoint("flaky", URI.create(upstream.baseUrl() + "/v1"));

        for (int i = 0; i < 2; i++) {
            assertThat(chat().statusCode()).isEqualTo(502);
        }
        JsonNode cooling = endpoint(id);
        assertThat(cooling.get("in_cooldown").asBoolean()).isTrue();
        assertThat(cooling.get("cooldown_reason").asText()).contains("2 failures in a row")
                .contains("answered HTTP 503").contains("overloaded");
        assertThat(cooling.at("/answers/5xx").asLong()).isEqualTo(2);

        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(CHAT)));
        until(WAIT, "the cooldown period is over", () -> !endpoint(id).get("in_cooldown").asBoolean());
        assertThat(chat().statusCode()).isEqualTo(200);

        String prefix = "endpoint 'flaky' (id " + id + "): cooldown ";
        until(WAIT, "open, half-open and closed logged in that order", () -> {
            List<String> lines = log().lines().filter(line -> line.contains(prefix)).toList();
            return lines.size() == 3 && lines.get(0).contains("open for 2.0 s, 2 consecutive failures")
                    && lines.get(1).contains("half-open, one request probes it")
                    && lines.get(2).contains("closed, the probe succeeded");
        });
        assertThat(log().lines().filter(line -> line.contains("endpoint 'flaky' (id " + id + ") failed: answered HTTP 503")))
                .hasSize(1)
                .allMatch(line -> line.contains("overloaded"));
        assertThat(endpoint(id).get("cooldown_reason").isNull()).isTrue();
    }

    @Test
    void idsOfDeletedEndpointsAreNotReusedAndTheAuditNamesItsTargets() throws Exception {
        URI base = URI.create(upstream.baseUrl() + "/v1");
        admin.endpoint("first", base);
        long second = admin.endpoint("second", base);
        assertThat(admin.call("DELETE", "/endpoints/" + second, null).status()).isEqualTo(204);

        long third = admin.endpoint("third", base);

        assertThat(third).isGreaterThan(second);
        assertThat(admin.call("GET", "/endpoints/" + second, null).status()).isEqualTo(404);
        JsonNode audit = admin.call("GET", "/audit?limit=2", null).body();
        assertThat(audit.get(0).get("action").asText()).isEqualTo("POST endpoints");
        assertThat(audit.get(0).get("target_name").asText()).isEqualTo("third");
        assertThat(audit.get(1).get("action").asText()).isEqualTo("DELETE endpoints/{id}");
        assertThat(audit.get(1).get("target_name").asText()).isEqualTo("second");
        assertThat(audit.get(1).get("target_id").asText()).isEqualTo(Long.toString(second));
        until(WAIT, "one INFO line names who deleted what", () -> log().lines().anyMatch(line ->
                line.contains("INFO") && line.contains("admin change from ")
                        && line.contains("DELETE endpoints/{id} on endpoint 'second' (id " + second + ")")));
    }
}
