package org.llmlb.wsproxy.it;

import static org.llmlb.testsupport.Until.until;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.llmlb.testsupport.LbServer;

/**
 * The balancer as the Load Producer meets it in production (test-support's {@link LbServer}, the
 * built {@code lb.war} on a Payara Micro of its own): two endpoints on the simulator, both serving
 * {@link #MODEL} with slightly different timing, wired to the incoming node with equal shares.
 */
final class Balancer implements AutoCloseable {

    static final String ADMIN_TOKEN = "producer-it-admin-token";
    static final String CLIENT_TOKEN = "producer-it-client-token";
    static final String MODEL = "sim-model";
    /** The endpoints' names, which the balancer returns as {@code X-LB-Endpoint}. */
    static final List<String> ENDPOINTS = List.of("sim-quick", "sim-steady");

    private final LbServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Balancer(LbServer server) {
        this.server = server;
    }

    /** @param simulator the server whose {@code /sim/…} the endpoints point at */
    static Balancer start(Servers simulator) throws Exception {
        Balancer balancer = new Balancer(server("balancer", ADMIN_TOKEN, Map.of(
                "LB_CLIENT_TOKENS", CLIENT_TOKEN,
                "LB_MODELS_REFRESH_SECONDS", "2")));
        try {
            balancer.endpoint(ENDPOINTS.get(0), simulator.uri("/sim/custom;ttft_ms=20;tps=200;tokens=8;model=" + MODEL + "/v1"));
            balancer.endpoint(ENDPOINTS.get(1), simulator.uri("/sim/custom;ttft_ms=35;tps=150;tokens=8;model=" + MODEL + "/v1"));
            balancer.awaitModelsDiscovered(Duration.ofSeconds(30));
        } catch (Exception | Error e) {
            balancer.close();
            throw e;
        }
        return balancer;
    }

    /**
     * test-support's balancer fixture with no response cache (every request is routed), as the
     * Load Producer's tests need it; {@code env} adds to that.
     */
    static LbServer server(String name, String adminToken, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>();
        all.put("LB_CACHE_MAX_ENTRIES", "0");
        all.putAll(env);
        return LbServer.start(name, all, adminToken);
    }

    /** The OpenAI-compatible base URL clients use. */
    URI v1() {
        return server.uri("/v1");
    }

    private void endpoint(String name, URI baseUrl) throws IOException, InterruptedException {
        String body = Json.createObjectBuilder()
                .add("name", name)
                .add("base_url", baseUrl.toString())
                // connected = wired to the incoming node, so it receives traffic
                .add("connected", true)
                .add("token_quota_percent", 50)
                .build().toString();
        HttpResponse<String> created = http.send(admin("/endpoints")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("endpoint " + name + " not created: " + created.statusCode() + " " + created.body());
        }
    }

    /**
     * The balancer lists a model, and routes it to an endpoint, once it has read the endpoint's
     * {@code /models}; it tells that only through the admin API, so ask until both have it.
     */
    private void awaitModelsDiscovered(Duration limit) throws Exception {
        until(limit, "the balancer discovers " + MODEL + " on both endpoints", () -> {
            HttpResponse<String> answer = http.send(admin("/endpoints").GET().build(), HttpResponse.BodyHandlers.ofString());
            return Json.createReader(new StringReader(answer.body())).readArray();
        }, endpoints -> endpoints.size() == ENDPOINTS.size() && endpoints.stream().allMatch(Balancer::servesModel));
    }

    private static boolean servesModel(JsonValue endpoint) {
        // null until the first discovery
        return endpoint.asJsonObject().get("models") instanceof JsonArray models
                && models.getValuesAs(JsonString.class).stream().anyMatch(m -> m.getString().equals(MODEL));
    }

    private HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(server.uri("/admin/api" + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-Admin-Token", ADMIN_TOKEN);
    }

    @Override
    public void close() {
        server.close();
    }
}
