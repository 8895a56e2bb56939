package org.llmlb.producer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmlb.testsupport.ErrorShape.assertNoServerName;
import static org.llmlb.testsupport.ErrorShape.assertOpenAiError;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The producer instance's own errors: OpenAI-shaped JSON, never the server's HTML page or name. */
class ErrorPagesIT {

    static SimServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        server = SimServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri(path)).method(method, "POST".equals(method) || "PUT".equals(method)
                        ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody())
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aChatCallWithoutTheSimulatorPathIsAJson404() throws Exception {
        assertOpenAiError(send("POST", "/chat/completions"), 404, "not_found");
        assertOpenAiError(send("POST", "/v1/chat/completions"), 404, "not_found");
        assertOpenAiError(send("GET", "/nothing"), 404, "not_found");
        assertOpenAiError(send("GET", "/sim/fast/v1/nothing"), 404, "not_found");
    }

    @Test
    void writingToTheUisFilesIsAJson405() throws Exception {
        assertOpenAiError(send("PUT", "/index.html"), 405, "method_not_allowed");
        assertOpenAiError(send("DELETE", "/app.js"), 405, "method_not_allowed");
    }

    @Test
    void thePageItselfCarriesNoServerName() throws Exception {
        HttpResponse<String> page = send("GET", "/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertNoServerName(page);
    }
}
