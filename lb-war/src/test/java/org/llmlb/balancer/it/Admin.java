package org.llmlb.balancer.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.llmlb.testsupport.LbServer;

/** The admin API as a test talks to it: configure endpoints, read state. */
public final class Admin {

    static final ObjectMapper JSON = new ObjectMapper();

    private final LbServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    public Admin(LbServer server) {
        this.server = server;
    }

    public record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    }

    public Answer call(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/admin/api" + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("X-Admin-Token", LbServer.ADMIN_TOKEN)
                    .header("Content-Type", "application/json");
            String json = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Answer(response.statusCode(), parsed, response);
        } catch (java.net.http.HttpTimeoutException hung) {
            server.threadDump(method + " " + path + " got no answer in 30 s");
            throw new IllegalStateException(hung);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a connected endpoint; {@code extra} are further fields, e.g. {@code "timeout", 1}. */
    public long endpoint(String name, URI baseUrl, Object... extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("base_url", baseUrl.toString());
        body.put("connected", true);
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        Answer created = call("POST", "/endpoints", body);
        if (created.status() != 201) {
            throw new IllegalStateException("endpoint not created: " + created.raw().body());
        }
        return created.body().get("id").asLong();
    }

    public void patch(long id, Map<String, Object> fields) {
        Answer answer = call("PATCH", "/endpoints/" + id, fields);
        if (answer.status() != 200) {
            throw new IllegalStateException("patch failed: " + answer.raw().body());
        }
    }

    /** Tokens, incoming blocks and endpoints: a blank configuration. */
    public void deleteAll() {
        for (JsonNode t : call("GET", "/tokens", null).body()) {
            call("DELETE", "/tokens/" + t.get("id").asLong(), null);
        }
        for (JsonNode b : call("GET", "/incoming-blocks", null).body()) {
            call("DELETE", "/incoming-blocks/" + b.get("id").asLong(), null);
        }
        deleteAllEndpoints();
    }

    public void deleteAllEndpoints() {
        for (JsonNode e : call("GET", "/endpoints", null).body()) {
            call("DELETE", "/endpoints/" + e.get("id").asLong(), null);
        }
    }

    public void routing(String mode) {
        call("PATCH", "/routing", Map.of("mode", mode));
    }

    public JsonNode state() {
        return call("GET", "/state", null).body();
    }

    public JsonNode endpointState(long id) {
        for (JsonNode e : state().get("endpoints")) {
            if (e.get("id").asLong() == id) {
                return e;
            }
        }
        throw new IllegalStateException("no endpoint " + id);
    }
}
