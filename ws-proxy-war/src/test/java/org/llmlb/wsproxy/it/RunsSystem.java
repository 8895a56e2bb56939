package org.llmlb.wsproxy.it;

import static org.llmlb.testsupport.Until.until;

import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/** The headless runs API as a client sees it, so tests read as what a user does. */
final class RunsSystem {

    record Answer(int status, JsonObject body) {
    }

    private final Servers servers;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    RunsSystem(Servers servers) {
        this.servers = servers;
    }

    /** On the module's one shared server, as every container test of it runs. */
    static RunsSystem onSharedServers() throws Exception {
        return new RunsSystem(Servers.shared());
    }

    /** A streaming card named "it" against {@code baseUrl}; {@code limits} are the card's last fields. */
    static String card(String baseUrl, String profile, String limits) {
        return """
                {"name":"it","base_url":"%s","api_key":"k","model":"m",
                 "profile":%s,
                 "model_config":{"max_tokens":64,"temperature":0.7,"stream":true},
                 %s}""".formatted(baseUrl, profile, limits);
    }

    java.net.URI uri(String path) {
        return servers.uri(path);
    }

    String simulator(String matrix) {
        return servers.uri("/sim/custom;" + matrix + "/v1").toString();
    }

    Answer start(String card) throws Exception {
        return call(HttpRequest.newBuilder(servers.uri("/ws-proxy/api/runs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(card)));
    }

    /** {@code POST /ws-proxy/api/datasets?name=…} with a JSONL body. */
    Answer uploadDataset(String name, String jsonl) throws Exception {
        return call(HttpRequest.newBuilder(servers.uri("/ws-proxy/api/datasets?name=" + name))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(jsonl)));
    }

    Answer status(String id) throws Exception {
        return call(HttpRequest.newBuilder(servers.uri("/ws-proxy/api/runs/" + id)).GET());
    }

    /** {@code GET /ws-proxy/api/runs/compare?ids=…}, the ids as given (comma-separated). */
    Answer compare(String ids) throws Exception {
        return call(HttpRequest.newBuilder(servers.uri("/ws-proxy/api/runs/compare?ids=" + ids)).GET());
    }

    Answer stop(String id) throws Exception {
        return call(HttpRequest.newBuilder(servers.uri("/ws-proxy/api/runs/" + id)).DELETE());
    }

    /** Polls the run until it leaves {@code running}; the answer is its last status. */
    JsonObject awaitEnd(String id, Duration limit) throws Exception {
        return await(id, run -> !"running".equals(run.getString("state")), limit);
    }

    /** Polls the run until it has been running for {@code seconds}; the answer is that status. */
    JsonObject awaitElapsed(String id, double seconds, Duration limit) throws Exception {
        return await(id, run -> run.getJsonObject("summary").getJsonNumber("duration_seconds").doubleValue() >= seconds,
                limit);
    }

    /** The preset catalogue as the UI's dropdown reads it. */
    JsonArray presets() throws Exception {
        return array("/ws-proxy/api/presets");
    }

    /** Polls the run until {@code done} holds; fails with the last status after {@code limit}. */
    JsonObject await(String id, Predicate<JsonObject> done, Duration limit) throws Exception {
        return until(limit, "run " + id + " there", () -> status(id).body(), done);
    }

    /** {@code GET /ws-proxy/api/runs}. */
    JsonArray list() throws Exception {
        return array("/ws-proxy/api/runs");
    }

    /** A collection the API lists at {@code path}, e.g. {@code /ws-proxy/api/datasets}. */
    JsonArray list(String path) throws Exception {
        return array(path);
    }

    private JsonArray array(String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(servers.uri(path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.createReader(new StringReader(response.body())).readArray();
    }

    /**
     * A JVM thread gauge of the server (MicroProfile Metrics base scope), e.g. {@code thread_count}
     * or {@code thread_max_count} (the peak since the JVM started).
     */
    long threads(String gauge) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                servers.uri("/metrics?scope=base&name=" + gauge.replace('_', '.'))).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body().lines().filter(l -> l.startsWith(gauge + "{")).findFirst()
                .map(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no " + gauge + " in " + response.body()));
    }

    private Answer call(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        JsonObject json = body == null || body.isBlank() ? JsonObject.EMPTY_JSON_OBJECT
                : Json.createReader(new StringReader(body)).readObject();
        return new Answer(response.statusCode(), json);
    }
}
