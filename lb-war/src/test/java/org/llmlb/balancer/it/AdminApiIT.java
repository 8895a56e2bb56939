package org.llmlb.balancer.it;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.llmlb.testsupport.Until.until;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmlb.testsupport.LbServer;

/** Every admin route, each with its happy path and at least one rejected input. */
class AdminApiIT {

    static LbServer server;
    static Admin admin;
    final FakeUpstreams fakes = new FakeUpstreams();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void server() throws Exception {
        server = LbServer.shared();
        admin = new Admin(server);
    }

    @BeforeEach
    void clean() {
        admin.deleteAll();
        admin.routing("percentage");
    }

    @AfterEach
    void cleanUp() throws Exception {
        admin.deleteAll();
        fakes.close();
    }

    URI upstream(String name, String... models) {
        return FakeUpstreams.base(fakes.wiremock(name, models));
    }

    HttpResponse<String> chat(String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertRejected(Admin.Answer answer, int status, String code, String field) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(status);
        assertThat(answer.body().at("/error/code").asText()).isEqualTo(code);
        if (field != null) {
            List<String> fields = new ArrayList<>();
            answer.body().at("/error/details").forEach(d -> fields.add(d.get("field").asText()));
            assertThat(fields).contains(field);
        }
    }

    // Security

    @Test
    void adminRoutesNeedTheAdminToken() throws Exception {
        for (String path : new String[]{"/admin/api/state", "/admin/api/endpoints", "/admin/api/tokens",
                "/admin/api/incoming-blocks", "/admin/api/audit", "/admin/api/config"}) {
            HttpResponse<String> none = http.send(HttpRequest.newBuilder(server.uri(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(server.uri(path))
                    .header("X-Admin-Token", "not-the-token").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(wrong.statusCode()).as(path).isEqualTo(401);
            assertThat(Admin.JSON.readTree(wrong.body()).at("/error/code").asText()).isEqualTo("unauthorized");
        }
    }

    @Test
    void aStrongAdminTokenWorksFromOtherAddressesToo() throws Exception {
        URI local = server.uri("/admin/api/state");
        URI remote = URI.create("http://" + FrontDoorIT.nonLoopbackAddress().getHostAddress() + ":" + local.getPort()
                + "/admin/api/state");

        HttpResponse<String> right = http.send(HttpRequest.newBuilder(remote).header("X-Admin-Token", LbServer.ADMIN_TOKEN)
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(remote).header("X-Admin-Token", "not-the-token")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(Admin.JSON.readTree(wrong.body()).at("/error/message").asText()).isEqualTo("Missing or invalid X-Admin-Token");
    }

    @Test
    void everyResponseCarriesSecurityHeadersAndARequestId() throws Exception {
        for (HttpResponse<String> response : List.of(
                admin.call("GET", "/state", null).raw(),
                admin.call("GET", "/endpoints/999999", null).raw(),
                chat("/v1/chat/completions", null, "{}"),
                http.send(HttpRequest.newBuilder(server.uri("/admin/api/nothing-here")).build(),
                        HttpResponse.BodyHandlers.ofString()))) {
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(response.headers().firstValue("X-Request-ID")).hasValueSatisfying(
                    id -> assertThat(id).matches("[0-9a-f-]{36}"));
        }
    }

    @Test
    void aClientsRequestIdIsKept() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.uri("/admin/api/state"))
                .header("X-Admin-Token", LbServer.ADMIN_TOKEN).header("X-Request-ID", "my-trace-1").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("X-Request-ID")).hasValue("my-trace-1");
    }

    // System

    @Test
    void adminPageIsServedAsHtml() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(server.uri("/admin/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("LLM Load Balancer");
    }

    @Test
    void unknownPathsAnswer404InTheErrorShape() throws Exception {
        for (String path : new String[]{"/v1/not-an-operation", "/admin/api/not-a-resource"}) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(server.uri(path))
                    .header("X-Admin-Token", LbServer.ADMIN_TOKEN)
                    .header("Authorization", "Bearer " + LbServer.CLIENT_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(Admin.JSON.readTree(answer.body()).at("/error/code").asText()).isEqualTo("not_found");
        }
    }

    @Test
    void theVersionIsTheSameEverywhere() throws Exception {
        String version = admin.state().get("version").asText();
        assertThat(version).matches("\\d+\\.\\d+\\.\\d+");
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(server.uri("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(Admin.JSON.readTree(health.body()).get("version").asText()).isEqualTo(version);
        assertThat(chat("/v1/models", LbServer.CLIENT_TOKEN, "").headers().firstValue("X-LB-Version"))
                .hasValue(version);
        assertThat(admin.call("GET", "/config", null).status()).isEqualTo(200);
        HttpResponse<String> openapi = http.send(HttpRequest.newBuilder(server.uri("/openapi")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(openapi.body()).contains("/v1/chat/completions", "/admin/api/endpoints", "version: " + version);
    }

    // Endpoint CRUD

    @Test
    void endpointsAreCreatedReadPatchedAndDeletedWithTheKeyNeverShown() {
        long id = admin.endpoint("crud", upstream("crud"), "api_key", "sk-secret-value-4321", "max_concurrent", 3);
        JsonNode one = admin.call("GET", "/endpoints/" + id, null).body();
        assertThat(one.get("api_key_preview").asText()).isEqualTo("sk-…4321");
        assertThat(one.toString()).doesNotContain("sk-secret-value-4321").doesNotContain("\"api_key\"");
        assertThat(admin.call("GET", "/endpoints", null).body()).hasSize(1);

        Admin.Answer patched = admin.call("PATCH", "/endpoints/" + id, Map.of("priority_order", 5, "enabled", false));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().get("priority_order").asInt()).isEqualTo(5);
        assertThat(patched.body().get("max_concurrent").asInt()).as("untouched by a partial update").isEqualTo(3);

        assertThat(admin.call("DELETE", "/endpoints/" + id, null).status()).isEqualTo(204);
        assertRejected(admin.call("GET", "/endpoints/" + id, null), 404, "not_found", null);
        assertRejected(admin.call("PATCH", "/endpoints/" + id, Map.of("enabled", true)), 404, "not_found", null);
        assertRejected(admin.call("DELETE", "/endpoints/" + id, null), 404, "not_found", null);
    }

    @Test
    void endpointInputIsValidatedFieldByField() {
        admin.endpoint("taken", upstream("taken"));
        assertRejected(admin.call("POST", "/endpoints", Map.of("name", "taken", "base_url", "http://h/v1")),
                422, "validation_error", "name");
        assertRejected(admin.call("POST", "/endpoints", Map.of("name", "x", "base_url", "http://h/v1",
                "token_quota_percent", 101, "priority_order", -1, "max_concurrent", -2, "timeout", 0)),
                422, "validation_error", "token_quota_percent");
        assertRejected(admin.call("POST", "/endpoints", Map.of("name", "x", "base_url", "http://h/v1", "timeout", 3601)),
                422, "validation_error", "timeout");
        assertRejected(admin.call("POST", "/endpoints", Map.of("name", "x")), 422, "validation_error", "base_url");
    }

    // Routing

    @Test
    void routingModeSwitchesAndRejectsUnknownModes() {
        assertThat(admin.call("PATCH", "/routing", Map.of("mode", "priority")).body().get("mode").asText())
                .isEqualTo("priority");
        assertThat(admin.state().get("routing_mode").asText()).isEqualTo("priority");
        assertRejected(admin.call("PATCH", "/routing", Map.of("mode", "random")), 422, "validation_error", "mode");
        assertRejected(admin.call("PATCH", "/routing", Map.of("mode", "priority", "extra", 1)), 422,
                "validation_error", "extra");
        assertThat(admin.state().get("routing_mode").asText()).isEqualTo("priority");
    }

    @Test
    void incomingNodePositionIsSavedAndShownInTheState() {
        assertThat(admin.call("PATCH", "/incoming-pos", Map.of("pos_x", 120.5, "pos_y", -30)).status()).isEqualTo(200);
        JsonNode position = admin.state().get("incoming_pos");
        assertThat(position.get("pos_x").asDouble()).isEqualTo(120.5);
        assertThat(position.get("pos_y").asDouble()).isEqualTo(-30);
        assertRejected(admin.call("PATCH", "/incoming-pos", Map.of("pos_x", "left")), 422, "validation_error", "pos_x");
    }

    // Token management

    @Test
    void clientTokensAreShownOnceThenOnlyAsPreview() throws Exception {
        Admin.Answer created = admin.call("POST", "/tokens", Map.of("name", "team-a"));
        assertThat(created.status()).isEqualTo(201);
        String token = created.body().get("token").asText();
        assertThat(token).startsWith("sk-lb-").hasSizeGreaterThan(30);
        long id = created.body().get("id").asLong();

        JsonNode listed = admin.call("GET", "/tokens", null).body();
        assertThat(listed.toString()).doesNotContain(token);
        assertThat(listed.get(0).has("token")).isFalse();
        assertThat(listed.get(0).get("token_preview").asText()).endsWith(token.substring(token.length() - 4));

        admin.endpoint("alpha", upstream("alpha"));
        assertThat(chat("/v1/chat/completions", token, "{\"model\":\"m1\"}").statusCode()).isEqualTo(200);
        assertRejected(admin.call("PATCH", "/tokens/" + id, Map.of("enabled", "no", "token", "mine")), 422,
                "validation_error", "token");
        assertThat(admin.call("PATCH", "/tokens/" + id, Map.of("enabled", false)).status()).isEqualTo(200);
        assertThat(chat("/v1/chat/completions", token, "{\"model\":\"m1\"}").statusCode()).isEqualTo(401);
        assertThat(admin.call("DELETE", "/tokens/" + id, null).status()).isEqualTo(204);
        assertRejected(admin.call("DELETE", "/tokens/" + id, null), 404, "not_found", null);
    }

    @Test
    void clientTokenInputIsValidated() {
        assertRejected(admin.call("POST", "/tokens", Map.of()), 422, "validation_error", "name");
        assertRejected(admin.call("POST", "/tokens", Map.of("name", "x", "incoming_block_id", 999999)), 422,
                "validation_error", "incoming_block_id");
        assertRejected(admin.call("POST", "/tokens", Map.of("name", "x", "token", "chosen")), 422,
                "validation_error", "token");
        assertThat(admin.call("GET", "/tokens", null).body()).isEmpty();
    }

    @Test
    void requestsAndTokensAreTrackedPerClientToken() throws Exception {
        admin.endpoint("alpha", upstream("alpha"));
        JsonNode created = admin.call("POST", "/tokens", Map.of("name", "tracked")).body();
        for (int i = 0; i < 3; i++) {
            assertThat(chat("/v1/chat/completions", created.get("token").asText(), "{\"model\":\"m1\"}").statusCode())
                    .isEqualTo(200);
        }
        JsonNode usage = admin.call("GET", "/tokens", null).body().get(0);
        assertThat(usage.get("requests").asLong()).isEqualTo(3);
        assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(27);
        assertThat(usage.get("completion_tokens").asLong()).isEqualTo(12);
        assertThat(usage.get("last_used_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void incomingBlocksAreCreatedPatchedAndDeleted() {
        long endpoint = admin.endpoint("alpha", upstream("alpha"));
        Admin.Answer created = admin.call("POST", "/incoming-blocks",
                Map.of("name", "tenant-a", "pool_name", "tenant-a", "endpoint_ids", List.of(endpoint)));
        assertThat(created.status()).isEqualTo(201);
        long id = created.body().get("id").asLong();
        assertThat(created.body().get("routing_mode").isNull()).isTrue();

        Admin.Answer patched = admin.call("PATCH", "/incoming-blocks/" + id, Map.of("routing_mode", "priority",
                "pos_x", 10));
        assertThat(patched.body().get("routing_mode").asText()).isEqualTo("priority");
        assertThat(patched.body().get("endpoint_ids").get(0).asLong()).isEqualTo(endpoint);
        assertThat(admin.call("GET", "/incoming-blocks", null).body()).hasSize(1);

        assertRejected(admin.call("POST", "/incoming-blocks", Map.of("name", "dup", "pool_name", "tenant-a")), 422,
                "validation_error", "pool_name");
        assertRejected(admin.call("POST", "/incoming-blocks", Map.of("name", "b", "endpoint_ids", List.of(999999))),
                422, "validation_error", "endpoint_ids");
        assertRejected(admin.call("PATCH", "/incoming-blocks/" + id, Map.of("routing_mode", "fastest")), 422,
                "validation_error", "routing_mode");
        assertThat(admin.call("DELETE", "/incoming-blocks/" + id, null).status()).isEqualTo(204);
        assertRejected(admin.call("DELETE", "/incoming-blocks/" + id, null), 404, "not_found", null);
    }

    @Test
    void tokensBoundToTwoBlocksReachDisjointEndpointsAndAPoolPathReachesItsBlock() throws Exception {
        long a1 = admin.endpoint("a1", upstream("a1"), "connected", false);
        long a2 = admin.endpoint("a2", upstream("a2"), "connected", false);
        long b1 = admin.endpoint("b1", upstream("b1"), "connected", false);
        long blockA = admin.call("POST", "/incoming-blocks", Map.of("name", "A", "endpoint_ids", List.of(a1, a2)))
                .body().get("id").asLong();
        long blockB = admin.call("POST", "/incoming-blocks", Map.of("name", "B", "pool_name", "pool-b",
                "endpoint_ids", List.of(b1))).body().get("id").asLong();
        String tokenA = admin.call("POST", "/tokens", Map.of("name", "ta", "incoming_block_id", blockA))
                .body().get("token").asText();
        String tokenB = admin.call("POST", "/tokens", Map.of("name", "tb", "incoming_block_id", blockB))
                .body().get("token").asText();

        List<String> reachedByA = new ArrayList<>();
        List<String> reachedByB = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            reachedByA.add(chat("/v1/chat/completions", tokenA, "{\"model\":\"m1\"}").headers()
                    .firstValue("X-LB-Endpoint").orElse("none"));
            reachedByB.add(chat("/v1/chat/completions", tokenB, "{\"model\":\"m1\"}").headers()
                    .firstValue("X-LB-Endpoint").orElse("none"));
        }
        assertThat(reachedByA).containsOnly("a1", "a2").contains("a1", "a2");
        assertThat(reachedByB).containsOnly("b1");

        HttpResponse<String> viaPool = chat("/v1/pool-b/chat/completions", tokenA, "{\"model\":\"m1\"}");
        assertThat(viaPool.headers().firstValue("X-LB-Endpoint")).hasValue("b1");
        HttpResponse<String> unclaimedPool = chat("/v1/nobody/chat/completions", tokenA, "{\"model\":\"m1\"}");
        assertThat(unclaimedPool.headers().firstValue("X-LB-Endpoint").orElseThrow()).isIn("a1", "a2");
    }

    @Test
    void modelsFollowThePoolPathAndEveryChangeOfModelListsOrConfiguration() throws Exception {
        WireMockServer alpha = fakes.wiremock("alpha", "llama", "qwen");
        long a = admin.endpoint("alpha", FakeUpstreams.base(alpha));
        long b = admin.endpoint("beta", upstream("beta", "mistral"), "connected", false);
        long block = admin.call("POST", "/incoming-blocks", Map.of("name", "blk", "pool_name", "pool-b",
                "endpoint_ids", List.of(b))).body().get("id").asLong();
        awaitModels("/v1/models", "llama", "qwen");
        awaitModels("/v1/pool-b/models", "mistral");

        alpha.stubFor(get(urlEqualTo("/v1/models")).willReturn(okJson(
                "{\"object\":\"list\",\"data\":[{\"id\":\"llama\"},{\"id\":\"qwen\"},{\"id\":\"gemma\"}]}")));
        awaitModels("/v1/models", "llama", "qwen", "gemma");

        admin.call("PATCH", "/incoming-blocks/" + block, Map.of("endpoint_ids", List.of(a, b)));
        assertThat(models("/v1/pool-b/models")).containsExactlyInAnyOrder("llama", "qwen", "gemma", "mistral");

        admin.patch(a, Map.of("enabled", false));
        assertThat(models("/v1/models")).isEmpty();
        await(() -> !admin.endpointState(a).get("models").isNull(), "alpha's models discovered again");
        assertThat(models("/v1/models")).as("a disabled endpoint's models stay out").isEmpty();
        assertThat(models("/v1/pool-b/models")).containsExactly("mistral");
    }

    List<String> models(String path) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(server.uri(path))
                .header("Authorization", "Bearer " + LbServer.CLIENT_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        Admin.JSON.readTree(answer.body()).get("data").forEach(m -> ids.add(m.get("id").asText()));
        return ids;
    }

    /** Discovery runs in the background: wait until the path lists exactly these models. */
    void awaitModels(String path, String... expected) throws Exception {
        await(() -> {
            try {
                List<String> ids = models(path);
                return ids.size() == expected.length && ids.containsAll(List.of(expected));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, path + " listing " + List.of(expected));
        assertThat(models(path)).containsExactlyInAnyOrder(expected);
    }

    static void await(BooleanSupplier condition, String what) throws Exception {
        until(Duration.ofSeconds(15), what, condition::getAsBoolean);
    }

    // Operations

    @Test
    void resetStatsZeroesEndpointAndTokenCounters() throws Exception {
        long id = admin.endpoint("alpha", upstream("alpha"));
        String token = admin.call("POST", "/tokens", Map.of("name", "t")).body().get("token").asText();
        chat("/v1/chat/completions", token, "{\"model\":\"m1\"}");
        assertThat(admin.endpointState(id).get("requests").asLong()).isEqualTo(1);

        assertThat(admin.call("POST", "/reset-stats", null).status()).isEqualTo(200);

        assertThat(admin.endpointState(id).get("requests").asLong()).isZero();
        assertThat(admin.endpointState(id).get("prompt_tokens").asLong()).isZero();
        assertThat(admin.call("GET", "/tokens", null).body().get(0).get("requests").asLong()).isZero();
        assertRejected(admin.call("GET", "/reset-stats", null), 405, "method_not_allowed", null);
    }

    @Test
    void cacheClearAndVacuumAnswerOk() {
        assertThat(admin.call("POST", "/cache/clear", null).body().get("status").asText()).isEqualTo("ok");
        assertThat(admin.call("POST", "/db/vacuum", null).body().get("status").asText()).isEqualTo("ok");
        assertRejected(admin.call("GET", "/db/vacuum", null), 405, "method_not_allowed", null);
        assertRejected(admin.call("DELETE", "/cache/clear", null), 405, "method_not_allowed", null);
    }

    // Audit and configuration

    @Test
    void everyMutationIsAuditedWithSecretsRedacted() {
        long id = admin.endpoint("audited", upstream("audited"), "api_key", "sk-very-secret-0001");
        admin.patch(id, Map.of("api_key", "sk-very-secret-0002"));
        admin.routing("priority");
        admin.call("POST", "/tokens", Map.of("name", "audited-token"));
        admin.call("DELETE", "/endpoints/" + id, null);

        JsonNode entries = admin.call("GET", "/audit?limit=20", null).body();
        List<String> actions = new ArrayList<>();
        entries.forEach(e -> actions.add(e.get("action").asText() + " " + e.get("target_id").asText()));
        assertThat(actions).contains("POST endpoints " + id, "PATCH endpoints/{id} " + id,
                "DELETE endpoints/{id} " + id, "PATCH routing null");
        assertThat(entries.toString()).doesNotContain("sk-very-secret").doesNotContain("sk-lb-");
        JsonNode patch = entries.findParents("action").stream()
                .filter(e -> e.get("action").asText().equals("PATCH endpoints/{id}")).findFirst().orElseThrow();
        assertThat(patch.get("fields").toString()).contains("api_key");
        assertThat(patch.get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(patch.get("remote_address").asText()).isNotEmpty();
    }

    @Test
    void configurationExportsWithoutSecretsAndImportsWhole() {
        long kept = admin.endpoint("kept", upstream("kept"), "api_key", "sk-kept-key-7777");
        admin.endpoint("dropped", upstream("dropped"));
        JsonNode exported = admin.call("GET", "/config", null).body();
        assertThat(exported.toString()).doesNotContain("sk-kept-key-7777").doesNotContain("api_key");
        assertThat(exported.get("endpoints")).hasSize(2);

        Map<String, Object> document = Map.of(
                "routing_mode", "priority",
                "endpoints", List.of(Map.of("id", 1, "name", "kept", "base_url", "http://127.0.0.1:9/v1",
                        "priority_order", 4), Map.of("id", 2, "name", "added", "base_url", "http://127.0.0.1:8/v1")),
                "incoming_blocks", List.of(Map.of("id", 1, "name", "blk", "pool_name", "p", "endpoint_ids", List.of(2))));
        assertThat(admin.call("PUT", "/config", document).status()).isEqualTo(200);

        JsonNode endpoints = admin.call("GET", "/endpoints", null).body();
        assertThat(endpoints).hasSize(2);
        JsonNode keptNow = admin.endpointState(kept);
        assertThat(keptNow.get("priority_order").asInt()).isEqualTo(4);
        assertThat(keptNow.get("api_key_preview").asText()).as("key kept by name").isEqualTo("sk-…7777");
        assertThat(admin.state().get("routing_mode").asText()).isEqualTo("priority");
        JsonNode block = admin.call("GET", "/incoming-blocks", null).body().get(0);
        long added = endpoints.findParents("name").stream().filter(e -> e.get("name").asText().equals("added"))
                .findFirst().orElseThrow().get("id").asLong();
        assertThat(block.get("endpoint_ids").get(0).asLong()).isEqualTo(added);
    }

    @Test
    void anInvalidConfigurationChangesNothing() {
        admin.endpoint("untouched", upstream("untouched"));
        String before = admin.call("GET", "/config", null).raw().body();
        Map<String, Object> document = Map.of(
                "endpoints", List.of(Map.of("id", 1, "name", "fine", "base_url", "http://127.0.0.1:9/v1"),
                        Map.of("id", 2, "name", "bad", "base_url", "javascript:alert(1)")),
                "incoming_blocks", List.of());
        assertRejected(admin.call("PUT", "/config", document), 422, "validation_error", "endpoints[1].base_url");
        assertThat(admin.call("GET", "/config", null).raw().body()).isEqualTo(before);
    }
}
