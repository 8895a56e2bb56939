package org.llmlb.balancer.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.llmlb.testsupport.Until.until;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmlb.balancer.Balancer;
import org.llmlb.balancer.proxy.control.Proxy;
import org.llmlb.testsupport.LbServer;

/**
 * What operators and their tools see: {@code /health}, {@code /metrics} next to MicroProfile's
 * own endpoints, the root redirect and CORS. One round of traffic (failovers, an upstream error
 * passed through, a stream) is sent once; every test reads its traces.
 */
class ObservabilityIT {

    static final String CHAT = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m1",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13}}""";

    static LbServer server;
    static Admin admin;
    static final HttpClient http = HttpClient.newHttpClient();
    static WireMockServer broken;
    static WireMockServer alpha;
    static StreamingUpstream streamer;
    static String before;
    static String after;

    @BeforeAll
    static void traffic() throws Exception {
        server = LbServer.shared();
        admin = new Admin(server);
        admin.deleteAllEndpoints();
        admin.routing("priority");
        broken = wiremock();
        broken.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(500)));
        alpha = wiremock();
        alpha.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(CHAT)));
        alpha.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("make-it-fail"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}")));
        streamer = new StreamingUpstream(5, 5, -1);
        long brokenId = admin.endpoint("obs-broken", base(broken), "priority_order", 0);
        long alphaId = admin.endpoint("obs-alpha", base(alpha), "priority_order", 1);
        long streamerId = admin.endpoint("obs-streamer", streamer.baseUrl(), "priority_order", 2, "enabled", false);
        before = metrics();

        // LB_FAIL_THRESHOLD is 2 on the shared server: two failovers, then obs-broken cools down
        for (int i = 0; i < 3; i++) {
            assertThat(chat("{\"model\":\"m1\",\"messages\":[]}").statusCode()).isEqualTo(200);
        }
        assertThat(chat("{\"model\":\"m1\",\"messages\":[],\"user\":\"make-it-fail\"}").statusCode()).isEqualTo(400);

        admin.patch(brokenId, Map.of("enabled", false));
        admin.patch(alphaId, Map.of("enabled", false));
        admin.patch(streamerId, Map.of("enabled", true));
        HttpResponse<String> stream = chat("{\"model\":\"" + StreamingUpstream.MODEL
                + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.body()).endsWith("data: [DONE]\n\n");

        // the exchange records its end just after the last byte has left: wait until all five are in
        after = awaitMetrics(text -> count(text, "lb_request_duration_seconds_count")
                - count(before, "lb_request_duration_seconds_count") >= 5
                && count(text, "lb_endpoint_inflight{endpoint=\"obs-streamer\"}") == 0);
    }

    @AfterAll
    static void stopUpstreams() {
        broken.stop();
        alpha.stop();
        streamer.close();
    }

    static WireMockServer wiremock() {
        WireMockServer mock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        mock.start();
        mock.stubFor(get(urlEqualTo("/v1/models")).willReturn(okJson(
                "{\"object\":\"list\",\"data\":[{\"id\":\"m1\",\"object\":\"model\"}]}")));
        return mock;
    }

    static URI base(WireMockServer mock) {
        return URI.create(mock.baseUrl() + "/v1");
    }

    static HttpResponse<String> chat(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + LbServer.CLIENT_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> call(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String metrics() throws Exception {
        HttpResponse<String> answer = call("GET", "/metrics", Map.of());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    static String awaitMetrics(Predicate<String> condition) throws Exception {
        return until(Duration.ofSeconds(30), "/metrics as expected", ObservabilityIT::metrics, condition);
    }

    /** The value of one series, e.g. {@code lb_failovers_total} or {@code x{endpoint="a"}}; 0 when absent. */
    static double value(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    static long count(String text, String series) {
        return (long) value(text, series);
    }

    static long delta(String series) {
        return count(after, series) - count(before, series);
    }

    @Test
    void healthAnswersTheSeedsJson() throws Exception {
        HttpResponse<String> answer = call("GET", "/health", Map.of());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type.toLowerCase()).startsWith("application/json").contains("utf-8"));
        JsonNode health = Admin.JSON.readTree(answer.body());
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("version").asText()).isEqualTo(Balancer.VERSION);
        assertThat(health.get("endpoints").asInt()).isEqualTo(3);
        assertThat(health.get("connected").asInt()).isEqualTo(3);
        assertThat(health.get("routing_mode").asText()).isEqualTo("priority");
        assertThat(health.get("tokens_per_second").isNumber()).isTrue();
        assertThat(health.get("requests_per_second").isNumber()).isTrue();
        assertThat(health.get("total_inflight").asInt()).isZero();
        assertThat(health.size()).isEqualTo(8);
    }

    @Test
    void healthMetricsAndPreflightsCarryTheSecurityHeadersToo() throws Exception {
        for (HttpResponse<String> answer : List.of(call("GET", "/health", Map.of()),
                call("GET", "/metrics", Map.of()), call("OPTIONS", "/health", Map.of("Origin", "http://a.example",
                "Access-Control-Request-Method", "GET")))) {
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(answer.uri().toString()).hasValue("nosniff");
            assertThat(answer.headers().firstValue("X-Frame-Options")).as(answer.uri().toString()).hasValue("DENY");
            assertThat(answer.headers().firstValue("X-Request-ID")).as(answer.uri().toString()).isPresent();
        }
    }

    @Test
    void headHealthIsOkWithoutBody() throws Exception {
        HttpResponse<String> answer = call("HEAD", "/health", Map.of());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void microProfileHealthAndMetricsStayInPlace() throws Exception {
        HttpResponse<String> ready = call("GET", "/health/ready", Map.of());
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode json = Admin.JSON.readTree(ready.body());
        assertThat(json.get("status").asText()).isEqualTo("UP");
        assertThat(json.get("checks").isArray()).isTrue();
        assertThat(call("GET", "/health/live", Map.of()).statusCode()).isEqualTo(200);

        // MicroProfile Metrics 5 (this Payara) serves scopes as a query, no longer as /metrics/base
        HttpResponse<String> base = call("GET", "/metrics?scope=base", Map.of());
        assertThat(base.statusCode()).isEqualTo(200);
        assertThat(base.body()).contains("jvm").doesNotContain("lb_endpoint_requests_total");
    }

    @Test
    void metricsUseThePrometheusTextFormat() throws Exception {
        HttpResponse<String> answer = call("GET", "/metrics", Map.of());
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type.replace(" ", "").toLowerCase()).isEqualTo("text/plain;version=0.0.4;charset=utf-8"));
        HttpResponse<String> head = call("HEAD", "/metrics", Map.of());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void seedFamiliesKeepTheirNamesLabelsAndCount() {
        assertThat(after).contains(
                "# HELP lb_endpoint_requests_total ", "# TYPE lb_endpoint_requests_total counter\n",
                "# HELP lb_endpoint_tokens_total ", "# TYPE lb_endpoint_tokens_total counter\n",
                "# HELP lb_endpoint_avg_latency_seconds ", "# TYPE lb_endpoint_avg_latency_seconds gauge\n");
        // three answered, one 400 passed through: every attempt counts, whatever it answered
        assertThat(count(after, "lb_endpoint_requests_total{endpoint=\"obs-alpha\"}")).isEqualTo(4);
        assertThat(count(after, "lb_endpoint_requests_total{endpoint=\"obs-broken\"}")).isEqualTo(2);
        assertThat(count(after, "lb_endpoint_requests_total{endpoint=\"obs-streamer\"}")).isEqualTo(1);
        assertThat(count(after, "lb_endpoint_tokens_total{endpoint=\"obs-alpha\",type=\"prompt\"}")).isEqualTo(27);
        assertThat(count(after, "lb_endpoint_tokens_total{endpoint=\"obs-alpha\",type=\"completion\"}")).isEqualTo(12);
        assertThat(count(after, "lb_endpoint_tokens_total{endpoint=\"obs-streamer\",type=\"prompt\"}")).isEqualTo(11);
        assertThat(count(after, "lb_endpoint_tokens_total{endpoint=\"obs-streamer\",type=\"completion\"}")).isEqualTo(5);
        assertThat(value(after, "lb_endpoint_avg_latency_seconds{endpoint=\"obs-alpha\"}")).isPositive();
        assertThat(after).contains("lb_endpoint_avg_latency_seconds{endpoint=\"obs-broken\"} 0\n");
    }

    @Test
    void endpointGaugesAndFailureCountersFollowTheTraffic() {
        assertThat(count(after, "lb_endpoint_failures_total{endpoint=\"obs-broken\"}")).isEqualTo(2);
        assertThat(count(after, "lb_endpoint_failures_total{endpoint=\"obs-alpha\"}")).isZero();
        assertThat(after).contains("lb_endpoint_in_cooldown{endpoint=\"obs-broken\"} 1\n",
                "lb_endpoint_in_cooldown{endpoint=\"obs-alpha\"} 0\n",
                "lb_endpoint_inflight{endpoint=\"obs-alpha\"} 0\n",
                "\nlb_requests_queued 0\n",
                "lb_estimated_completion_tokens_total{endpoint=\"obs-streamer\"} 0\n");
    }

    @Test
    void requestCountersAndHistogramsMove() {
        assertThat(delta("lb_requests_total{status=\"200\"}")).isEqualTo(4);
        assertThat(delta("lb_requests_total{status=\"400\"}")).isEqualTo(1);
        assertThat(delta("lb_failovers_total")).isEqualTo(2);
        assertThat(delta("lb_request_duration_seconds_count")).isEqualTo(5);
        assertThat(delta("lb_request_duration_seconds_bucket{le=\"+Inf\"}")).isEqualTo(5);
        assertThat(value(after, "lb_request_duration_seconds_sum")).isGreaterThan(value(before, "lb_request_duration_seconds_sum"));
        assertThat(delta("lb_time_to_first_token_seconds_count")).isEqualTo(1);
        assertThat(after).contains("# TYPE lb_request_duration_seconds histogram\n",
                "# TYPE lb_time_to_first_token_seconds histogram\n",
                "lb_request_duration_seconds_bucket{le=\"0.005\"} ",
                "lb_time_to_first_token_seconds_bucket{le=\"120\"} ",
                "# TYPE lb_cache_hits_total counter\nlb_cache_hits_total ",
                "# TYPE lb_cache_misses_total counter\nlb_cache_misses_total ");
    }

    @Test
    void metricsPassPromtool() throws Exception {
        Path file = Files.createTempFile("lb-metrics", ".txt");
        Files.writeString(file, after, StandardCharsets.UTF_8);
        Process promtool;
        try {
            promtool = new ProcessBuilder("promtool", "check", "metrics")
                    .redirectInput(file.toFile()).redirectErrorStream(true).start();
        } catch (IOException missing) {
            fail("promtool is required to check /metrics but was not found on the PATH; install it with "
                    + "'apt-get install -y prometheus' (Debian) or put Prometheus' promtool on the PATH: " + missing);
            return;
        }
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as("promtool check metrics:\n" + output + "\non:\n" + after).isZero();
    }

    @Test
    void rootRedirectsToTheAdminUiAndSwallowsNothingElse() throws Exception {
        HttpResponse<String> root = call("GET", "/", Map.of());
        assertThat(root.statusCode()).isIn(302, 303);
        String location = root.headers().firstValue("Location").orElseThrow();
        assertThat(server.uri("/").resolve(location).getPath()).isEqualTo("/admin");

        assertThat(call("GET", "/no-such-page.html", Map.of()).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/openapi", Map.of()).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/v1/models", Map.of("Authorization", "Bearer " + LbServer.CLIENT_TOKEN))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void corsPreflightIsAnsweredBeforeAuthentication() throws Exception {
        HttpResponse<String> preflight = call("OPTIONS", "/v1/chat/completions", Map.of(
                "Origin", "http://localhost:8088",
                "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type"));

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("POST", "PATCH");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
                .contains("Authorization", "Content-Type", "X-Admin-Token", "X-Request-ID");
        assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).isPresent();
    }

    @Test
    void corsAllowOriginOnOrdinaryAnswersOnlyWhenAsked() throws Exception {
        HttpResponse<String> withOrigin = call("GET", "/health", Map.of("Origin", "http://localhost:8088"));
        assertThat(withOrigin.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");

        HttpResponse<String> sameOrigin = call("GET", "/health", Map.of());
        assertThat(sameOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
