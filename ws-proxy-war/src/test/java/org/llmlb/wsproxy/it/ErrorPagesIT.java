package org.llmlb.wsproxy.it;

import static org.llmlb.testsupport.ErrorShape.assertOpenAiError;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine's container-level errors in the OpenAI shape, as the runs API's own ones are. */
class ErrorPagesIT {

    static Servers servers;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        servers = Servers.shared();
    }

    HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(servers.uri(path)).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unknownPathsAndWrongMethodsAnswerInTheApiShape() throws Exception {
        assertOpenAiError(send("GET", "/ws-proxy/nothing"), 404, "not_found");
        assertOpenAiError(send("GET", "/ws-proxy/api/nothing"), 404, "not_found");
        assertOpenAiError(send("DELETE", "/ws-proxy/api/presets"), 405, "method_not_allowed");
    }
}
