package org.llmlb.balancer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmlb.testsupport.ErrorShape.assertNoServerName;
import static org.llmlb.testsupport.ErrorShape.assertOpenAiError;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmlb.balancer.admin.control.AdminAccess;
import org.llmlb.testsupport.LbServer;

/**
 * What a stranger meets at the balancer's port: every error in the OpenAI shape, no server name,
 * and with the default admin token an admin API that answers only on loopback.
 */
class FrontDoorIT {

    static LbServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        // LB_ADMIN_TOKEN as a balancer started without one has it
        server = LbServer.start("front-door", Map.of(), AdminAccess.SEED_DEFAULT_TOKEN);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    HttpResponse<String> send(String method, URI uri, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unknownPathsAnywhereAnswerInTheApiShape() throws Exception {
        for (String path : List.of("/anything", "/metrics/x", "/v1/nothing", "/admin/api/nothing",
                "/error-page", "/chat/completions")) {
            assertOpenAiError(send("GET", server.uri(path)), 404, "not_found");
        }
        assertOpenAiError(send("POST", server.uri("/chat/completions")), 404, "not_found");
    }

    @Test
    void wrongMethodsAnswerMethodNotAllowedInTheApiShape() throws Exception {
        assertOpenAiError(send("DELETE", server.uri("/admin/index.html")), 405, "method_not_allowed");
        assertOpenAiError(send("PUT", server.uri("/admin/app.js")), 405, "method_not_allowed");
        assertOpenAiError(send("DELETE", server.uri("/v1/models")), 405, "method_not_allowed");
        assertOpenAiError(send("DELETE", server.uri("/admin/api/state"),
                "X-Admin-Token", AdminAccess.SEED_DEFAULT_TOKEN), 405, "method_not_allowed");
    }

    @Test
    void aMissingAdminUiFileIsAPlain404UnlessJsonIsAskedFor() throws Exception {
        HttpResponse<String> plain = send("GET", server.uri("/admin/nothing.js"));
        HttpResponse<String> json = send("GET", server.uri("/admin/nothing.js"), "Accept", "application/json");

        assertThat(plain.statusCode()).isEqualTo(404);
        assertThat(plain.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(plain.body()).isEqualTo("Not found\n");
        assertNoServerName(plain);
        assertOpenAiError(json, 404, "not_found");
    }

    @Test
    void successfulAnswersCarryNoServerNameEither() throws Exception {
        assertNoServerName(send("GET", server.uri("/health")));
        assertNoServerName(send("GET", server.uri("/admin/")));
        assertNoServerName(send("GET", server.uri("/metrics")));
    }

    @Test
    void aPathThatEscapesTheRootIsRefusedBeforeTheApplicationWithoutServerName() throws Exception {
        // Payara rejects it in its request parser, before any application code: status only (README, Security)
        String head = server.raw("GET /%2e%2e/etc/passwd HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertThat(head).startsWith("HTTP/1.1 400");
        assertThat(head.toLowerCase()).doesNotContain("server:").doesNotContain("x-powered-by").contains("connection: close");
    }

    @Test
    void theDefaultAdminTokenWorksOnLoopbackOnly() throws Exception {
        URI local = server.uri("/admin/api/state");
        URI remote = URI.create("http://" + nonLoopbackAddress().getHostAddress() + ":" + local.getPort()
                + "/admin/api/state");

        HttpResponse<String> fromLoopback = send("GET", local, "X-Admin-Token", AdminAccess.SEED_DEFAULT_TOKEN);
        HttpResponse<String> fromElsewhere = send("GET", remote, "X-Admin-Token", AdminAccess.SEED_DEFAULT_TOKEN);
        HttpResponse<String> proxiedFromElsewhere = send("GET", URI.create(remote.resolve("/v1/models").toString()));

        assertThat(fromLoopback.statusCode()).as(fromLoopback.body()).isEqualTo(200);
        assertThat(assertOpenAiError(fromElsewhere, 401, "unauthorized").getString("message"))
                .contains("LB_ADMIN_TOKEN").contains("at least 16 characters");
        assertThat(proxiedFromElsewhere.statusCode()).as("the proxy is not the admin API").isEqualTo(200);
        assertThat(Files.readString(server.log())).contains("LB_ADMIN_TOKEN is unset, the default or shorter than 16 characters")
                .doesNotContain(AdminAccess.SEED_DEFAULT_TOKEN);
    }

    /** This machine's first IPv4 address that is not loopback: calls to it do not come from loopback. */
    static InetAddress nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return address;
                    }
                }
            }
        }
        throw new IllegalStateException("this test needs a network interface with an IPv4 address besides loopback");
    }
}
