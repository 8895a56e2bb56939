package org.llmlb.balancer.it;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmlb.testsupport.LbServer;

/**
 * Clients that ask for cleartext HTTP/2 by upgrade (the JDK's HTTP client does by default) get
 * whole answers with their Content-Type, however large: Grizzly drops it from an answer it
 * sends before the application is done (eclipse-ee4j/glassfish-grizzly#2192).
 */
class UpgradeClientsIT {

    static final HttpClient h2c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    static final FakeUpstreams fakes = new FakeUpstreams();
    static LbServer server;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        server = LbServer.shared();
        admin = new Admin(server);
        admin.deleteAllEndpoints();
    }

    @AfterAll
    static void stop() throws Exception {
        fakes.close();
    }

    @Test
    void aLargeAnswerKeepsItsContentType() throws Exception {
        WireMockServer upstream = fakes.wiremock("large");
        String content = "x".repeat(100_000);
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(
                "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m1\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}")));
        admin.endpoint("large", URI.create(upstream.baseUrl() + "/v1"));

        HttpResponse<String> answer = h2c.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + LbServer.CLIENT_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m1\",\"messages\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(answer.body()).contains(content);

        HttpResponse<String> metrics = h2c.send(HttpRequest.newBuilder(server.uri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    }
}
