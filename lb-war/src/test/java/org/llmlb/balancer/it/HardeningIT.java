package org.llmlb.balancer.it;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmlb.testsupport.LbServer;

/**
 * Response cache, bad input, body limits and the admin rate limit, on a server of their own. Each
 * test starts from one endpoint made for it; the rate limit, which would refuse every later admin
 * call, is tried on another server.
 */
class HardeningIT {

    static final int RATE_LIMIT = 80;
    static final int MAX_BODY = 4096;

    static LbServer server;
    static Admin admin;
    static final FakeUpstreams fakes = new FakeUpstreams();
    static WireMockServer upstream;
    final HttpClient http = HttpClient.newHttpClient();
    long cachedId;

    @BeforeAll
    static void start() throws Exception {
        server = LbServer.start("hardening", Map.of(
                "LB_ADMIN_RATE_LIMIT_RPM", "0",
                "LB_MAX_REQUEST_BODY_BYTES", Integer.toString(MAX_BODY)));
        admin = new Admin(server);
        upstream = fakes.wiremock("cached");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        fakes.close();
    }

    /** One endpoint with a key; the configuration change also empties the response cache. */
    @BeforeEach
    void oneEndpoint() {
        admin.deleteAll();
        cachedId = admin.endpoint("cached", FakeUpstreams.base(upstream), "api_key", "sk-cached-1234");
    }

    HttpResponse<String> chat(String body, String... headers) throws Exception {
        return chat(server, body, headers);
    }

    HttpResponse<String> chat(LbServer to, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(to.uri("/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    long upstreamCalls() {
        return upstream.countRequestsMatching(postRequestedFor(urlEqualTo("/v1/chat/completions")).build()).getCount();
    }

    @Test
    void identicalRequestsAreAnsweredFromTheCacheUntilBypassedOrCleared() throws Exception {
        String body = "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"cache me\"}]}";
        long before = upstreamCalls();

        HttpResponse<String> first = chat(body);
        HttpResponse<String> second = chat(body);
        HttpResponse<String> bypass = chat(body, "Cache-Control", "no-cache");

        assertThat(first.headers().firstValue("X-LB-Cache")).hasValue("MISS");
        assertThat(second.headers().firstValue("X-LB-Cache")).hasValue("HIT");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("X-LB-Endpoint")).hasValue("cached");
        assertThat(bypass.headers().firstValue("X-LB-Cache")).isEmpty();
        assertThat(upstreamCalls() - before).isEqualTo(2);

        assertThat(admin.call("POST", "/cache/clear", null).body().get("cleared").asInt()).isEqualTo(1);
        assertThat(chat(body).headers().firstValue("X-LB-Cache")).hasValue("MISS");
        assertThat(chat(body.replace("cache me", "other")).headers().firstValue("X-LB-Cache")).hasValue("MISS");
        HttpResponse<String> stream = chat("{\"model\":\"m1\",\"stream\":true}");
        assertThat(stream.headers().firstValue("X-LB-Cache")).as("streams are never cached").isEmpty();
    }

    @Test
    void badInputGetsTheRight4xxAndChangesNothing() throws Exception {
        String configBefore = admin.call("GET", "/config", null).raw().body();
        String tokensBefore = admin.call("GET", "/tokens", null).raw().body();
        int auditBefore = admin.call("GET", "/audit?limit=1000", null).body().size();

        assertRejected(admin.call("POST", "/endpoints", "{\"name\": \"x\", \"base_url\": "), 400, "invalid_request");
        assertRejected(admin.call("POST", "/endpoints", "[1, 2]"), 400, "invalid_request");
        assertRejected(admin.call("POST", "/endpoints", Map.of("name", 42, "base_url", "http://h/v1",
                "enabled", "yes", "max_concurrent", "many")), 422, "validation_error");
        assertRejected(admin.call("POST", "/endpoints", Map.of("name", "n".repeat(101), "base_url", "http://h/v1")),
                422, "validation_error");
        assertRejected(admin.call("POST", "/endpoints", Map.of("name", "x", "base_url", "http://h/v1", "colour", "red")),
                422, "validation_error");
        for (String url : List.of("file:///etc/passwd", "javascript:alert(1)", "ftp://h/v1", "http://u:p@h/v1",
                "http://h/v1?x=1", "not a url", "//h/v1")) {
            assertRejected(admin.call("POST", "/endpoints", Map.of("name", "x", "base_url", url)), 422,
                    "validation_error");
        }
        for (String name : List.of("Zürich-GPU", "bell\u0007", "line\nbreak", "tab\there", "\u202Eevil")) {
            assertRejected(admin.call("POST", "/endpoints", Map.of("name", name, "base_url", "http://h/v1")), 422,
                    "validation_error");
            assertRejected(admin.call("POST", "/tokens", Map.of("name", name)), 422, "validation_error");
            assertRejected(admin.call("POST", "/incoming-blocks", Map.of("name", name)), 422, "validation_error");
        }
        assertRejected(admin.call("POST", "/endpoints", "{\"name\":\"" + "x".repeat(MAX_BODY) + "\"}"), 413,
                "payload_too_large");
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(server.uri("/admin/api/endpoints"))
                .header("X-Admin-Token", LbServer.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        ("{\"name\":\"" + "y".repeat(2 * MAX_BODY) + "\"}").getBytes()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);

        assertThat(admin.call("GET", "/config", null).raw().body()).isEqualTo(configBefore);
        assertThat(admin.call("GET", "/tokens", null).raw().body()).isEqualTo(tokensBefore);
        assertThat(admin.call("GET", "/audit?limit=1000", null).body()).hasSize(auditBefore);
    }

    @Test
    void anApiKeyThatWouldInjectAHeaderIsRefusedEverywhereAndChangesNothing() {
        String configBefore = admin.call("GET", "/config", null).raw().body();
        String keysBefore = apiKeyPreviews();
        String tokensBefore = admin.call("GET", "/tokens", null).raw().body();
        int auditBefore = admin.call("GET", "/audit?limit=1000", null).body().size();
        String injected = "sk-abc\r\nX-Injected: yes";

        assertRejectedOn(admin.call("POST", "/endpoints", Map.of("name", "injected", "base_url", "http://h/v1",
                "api_key", injected)), "api_key");
        assertRejectedOn(admin.call("PATCH", "/endpoints/" + cachedId, Map.of("api_key", injected)), "api_key");
        assertRejectedOn(admin.call("PATCH", "/endpoints/" + cachedId, Map.of("api_key", "sk-tab\tkey")), "api_key");
        assertRejectedOn(admin.call("PUT", "/config", Map.of(
                "endpoints", List.of(Map.of("id", 1, "name", "cached", "base_url", FakeUpstreams.base(upstream).toString(),
                        "connected", true, "api_key", injected)),
                "incoming_blocks", List.of())), "endpoints[0].api_key");

        assertThat(admin.call("GET", "/config", null).raw().body()).isEqualTo(configBefore);
        assertThat(apiKeyPreviews()).isEqualTo(keysBefore);
        assertThat(admin.call("GET", "/tokens", null).raw().body()).isEqualTo(tokensBefore);
        assertThat(admin.call("GET", "/audit?limit=1000", null).body()).hasSize(auditBefore);
    }

    @Test
    void aRequestIdWithAControlCharacterIsReplacedBeforeItGoesUpstreamWithTheKeptKey() throws Exception {
        HttpResponse<String> answer = chat("{\"model\":\"m1\"}", "X-Request-ID", "trace\tone", "Cache-Control", "no-store");

        assertThat(answer.statusCode()).isEqualTo(200);
        String replaced = answer.headers().firstValue("X-Request-ID").orElseThrow();
        assertThat(replaced).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(upstream.countRequestsMatching(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("X-Request-ID", equalTo(replaced))
                .withHeader("Authorization", equalTo("Bearer sk-cached-1234"))
                .withoutHeader("X-Injected").build()).getCount()).isEqualTo(1);
    }

    String apiKeyPreviews() {
        List<String> previews = new ArrayList<>();
        admin.call("GET", "/endpoints", null).body().forEach(e -> previews.add(e.get("name").asText() + "="
                + e.get("api_key_preview").asText()));
        return String.join(",", previews);
    }

    static void assertRejectedOn(Admin.Answer answer, String field) {
        assertRejected(answer, 422, "validation_error");
        List<String> fields = new ArrayList<>();
        answer.body().at("/error/details").forEach(d -> fields.add(d.get("field").asText()));
        assertThat(fields).as(answer.raw().body()).containsExactly(field);
    }

    static void assertRejected(Admin.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(status);
        assertThat(answer.body().at("/error/code").asText()).isEqualTo(code);
        assertThat(answer.raw().body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void proxyRejectsOversizeAndMalformedBodies() throws Exception {
        HttpResponse<String> large = chat("{\"model\":\"m1\",\"pad\":\"" + "z".repeat(MAX_BODY) + "\"}");
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(Admin.JSON.readTree(large.body()).at("/error/code").asText()).isEqualTo("payload_too_large");
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        ("{\"pad\":\"" + "q".repeat(2 * MAX_BODY) + "\"}").getBytes()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        HttpResponse<String> malformed = chat("{\"model\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(Admin.JSON.readTree(malformed.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void adminRequestsAreRateLimitedPerClientAddress() throws Exception {
        try (LbServer limited = LbServer.start("hardening-rate-limit", Map.of(
                "LB_ADMIN_RATE_LIMIT_RPM", Integer.toString(RATE_LIMIT)))) {
            Admin limitedAdmin = new Admin(limited);
            limitedAdmin.endpoint("cached", FakeUpstreams.base(upstream));
            Admin.Answer answer = null;
            int sent = 0;
            while (sent < 3 * RATE_LIMIT) {
                sent++;
                answer = limitedAdmin.call("GET", "/state", null);
                if (answer.status() == 429) {
                    break;
                }
            }
            assertThat(answer.status()).isEqualTo(429);
            // a minute boundary during the loop starts a fresh window: at most two windows' worth pass
            assertThat(sent).isLessThanOrEqualTo(2 * RATE_LIMIT + 1);
            assertThat(answer.body().at("/error/code").asText()).isEqualTo("rate_limited");
            assertThat(answer.raw().headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
            HttpResponse<String> proxy = chat(limited, "{\"model\":\"m1\"}", "Cache-Control", "no-store");
            assertThat(proxy.statusCode()).as("the proxy is not limited by the admin limit").isEqualTo(200);
        }
    }
}
