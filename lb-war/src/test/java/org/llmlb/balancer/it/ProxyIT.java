package org.llmlb.balancer.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.llmlb.testsupport.Until.until;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmlb.testsupport.LbServer;

/** The proxy on a real Payara Micro, driven by the official OpenAI Java SDK. */
class ProxyIT {

    static final String MODEL = FakeUpstreams.MODEL;
    static final String COMPLETION = FakeUpstreams.COMPLETION;

    static LbServer server;
    static Admin admin;
    static OpenAIClient openai;
    final FakeUpstreams fakes = new FakeUpstreams();
    // HTTP/1.1 as the OpenAI SDKs use it: the JDK client's default h2c upgrade is accepted by Payara,
    // and a reset h2c stream is not noticed by the blocking relay (see the note on issue 2)
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void server() throws Exception {
        server = LbServer.shared();
        admin = new Admin(server);
        openai = OpenAIOkHttpClient.builder().baseUrl(server.uri("/v1").toString())
                .apiKey(LbServer.CLIENT_TOKEN).maxRetries(0).timeout(Duration.ofSeconds(30)).build();
    }

    @BeforeEach
    void clean() {
        admin.deleteAllEndpoints();
        admin.routing("priority");
    }

    @AfterEach
    void stopUpstreams() throws Exception {
        fakes.close();
    }

    WireMockServer wiremock(String name, String... models) {
        return fakes.wiremock(name, models);
    }

    StreamingUpstream streaming(int chunks, long gapMillis, int dieAfter) throws Exception {
        StreamingUpstream upstream = new StreamingUpstream(chunks, gapMillis, dieAfter);
        fakes.add(upstream);
        return upstream;
    }

    static URI base(WireMockServer mock) {
        return FakeUpstreams.base(mock);
    }

    static ChatCompletionCreateParams chat(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello").build();
    }

    HttpResponse<String> send(String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void nonStreamingChatRoundTripThroughTheSdk() {
        WireMockServer upstream = wiremock("alpha");
        admin.endpoint("alpha", base(upstream), "api_key", "sk-upstream-secret-1");

        ChatCompletion completion = openai.chat().completions().create(chat(MODEL));

        assertThat(completion.choices().get(0).message().content()).hasValue("Hello from alpha");
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(13);
        upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer sk-upstream-secret-1"))
                .withRequestBody(equalToJson("{\"messages\":[{\"content\":\"Say hello\",\"role\":\"user\"}],\"model\":\"m1\"}")));
        assertThat(upstream.getAllServeEvents()).allSatisfy(e ->
                assertThat(e.getRequest().getHeader("Authorization")).doesNotContain(LbServer.CLIENT_TOKEN));
    }

    @Test
    void answersCarryBalancerHeadersAndKeepTheClientsRequestId() throws Exception {
        admin.endpoint("alpha", base(wiremock("alpha")));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + LbServer.CLIENT_TOKEN)
                .header("X-Request-ID", "trace-123")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m1\",\"messages\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-LB-Endpoint")).hasValue("alpha");
        assertThat(answer.headers().firstValue("X-LB-Version")).isPresent();
        assertThat(answer.headers().firstValue("X-Request-ID")).hasValue("trace-123");
    }

    @Test
    void streamingChatRoundTripCountsUsageWithoutShowingTheInjectedChunk() throws Exception {
        StreamingUpstream upstream = streaming(5, 20, -1);
        long id = admin.endpoint("streamer", upstream.baseUrl());

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream =
                     openai.chat().completions().createStreaming(chat(StreamingUpstream.MODEL))) {
            stream.stream().forEach(chunks::add);
        }

        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        assertThat(text.toString()).isEqualTo("t0 t1 t2 t3 t4 ");
        assertThat(chunks).hasSize(5).allSatisfy(c -> {
            assertThat(c.choices()).isNotEmpty();
            assertThat(c.usage()).isEmpty();
        });
        assertThat(upstream.requests.get(0).path("stream_options").path("include_usage").asBoolean()).isTrue();
        JsonNode stats = admin.endpointState(id);
        assertThat(stats.get("completion_tokens").asLong()).isEqualTo(5);
        assertThat(stats.get("prompt_tokens").asLong()).isEqualTo(11);
        assertThat(stats.get("estimated_completion_tokens").asLong()).isZero();
    }

    @Test
    void streamKeepsTheUsageChunkWhenTheClientAskedForIt() throws Exception {
        StreamingUpstream upstream = streaming(3, 10, -1);
        admin.endpoint("streamer", upstream.baseUrl());
        HttpResponse<String> answer = send("/v1/chat/completions", "{\"model\":\"" + StreamingUpstream.MODEL
                + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[]}", LbServer.CLIENT_TOKEN);
        assertThat(answer.body()).contains("\"usage\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void streamedChunksArriveSpreadOverTimeNotAtTheEnd() throws Exception {
        StreamingUpstream upstream = streaming(5, 200, -1);
        admin.endpoint("slow-streamer", upstream.baseUrl());

        List<Long> arrivals = new ArrayList<>();
        long start = System.nanoTime();
        HttpResponse<InputStream> answer = http.send(streamRequest(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(answer.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data: {")) {
                    arrivals.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                }
            }
        }
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(arrivals).hasSize(5);
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(arrivals.get(i) - arrivals.get(i - 1)).as("gap before chunk " + i).isGreaterThan(100);
        }
        assertThat(arrivals.get(4) - arrivals.get(0)).isGreaterThan(600);
    }

    HttpRequest streamRequest() {
        return HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + LbServer.CLIENT_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + StreamingUpstream.MODEL
                        + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
    }

    @Test
    void failsOverWhenTheFirstEndpointAnswers500() {
        WireMockServer broken = wiremock("broken");
        broken.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(500).withBody("boom")));
        admin.endpoint("broken", base(broken), "priority_order", 0);
        admin.endpoint("healthy", base(wiremock("healthy")), "priority_order", 1);

        ChatCompletion completion = openai.chat().completions().create(chat(MODEL));

        assertThat(completion.choices().get(0).message().content()).hasValue("Hello from healthy");
        assertThat(broken.getAllServeEvents()).anyMatch(e -> e.getRequest().getUrl().equals("/v1/chat/completions"));
    }

    @Test
    void failsOverWhenTheFirstEndpointRefusesConnections() throws Exception {
        admin.endpoint("gone", URI.create("http://127.0.0.1:" + closedPort() + "/v1"), "priority_order", 0);
        admin.endpoint("healthy", base(wiremock("healthy")), "priority_order", 1);

        HttpResponse<String> answer = send("/v1/chat/completions", "{\"model\":\"m1\",\"messages\":[]}",
                LbServer.CLIENT_TOKEN);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-LB-Endpoint")).hasValue("healthy");
    }

    @Test
    void failingEndpointShowsCooldownInStateAfterTheThreshold() throws Exception {
        long gone = admin.endpoint("gone", URI.create("http://127.0.0.1:" + closedPort() + "/v1"), "priority_order", 0);
        admin.endpoint("healthy", base(wiremock("healthy")), "priority_order", 1);

        for (int i = 0; i < 2; i++) {
            assertThat(send("/v1/chat/completions", "{\"model\":\"m1\",\"messages\":[]}", LbServer.CLIENT_TOKEN)
                    .statusCode()).isEqualTo(200);
        }

        JsonNode state = admin.endpointState(gone);
        assertThat(state.get("in_cooldown").asBoolean()).isTrue();
        assertThat(state.get("cooldown_until").asText()).isNotEqualTo("null");
        assertThat(state.get("consecutive_failures").asInt()).isEqualTo(2);
        assertThat(state.get("failures").asLong()).isEqualTo(2);
    }

    @Test
    void upstreamDeathMidStreamEndsTheStreamWithAnErrorAndTheBalancerStaysHealthy() throws Exception {
        StreamingUpstream dying = streaming(5, 50, 2);
        admin.endpoint("dying", dying.baseUrl());

        HttpResponse<String> answer = http.send(streamRequest(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        String body = answer.body();
        assertThat(body).contains("t0 ", "t1 ").doesNotContain("t2 ").doesNotContain("[DONE]");
        String last = body.strip().substring(body.strip().lastIndexOf("data: ") + 6);
        JsonNode error = Admin.JSON.readTree(last).get("error");
        assertThat(error).as(body).isNotNull();
        assertThat(error.get("code").asText()).isEqualTo("upstream_error");
        assertThat(error.get("message").asText()).doesNotContain("Exception");

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(server.uri("/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        admin.deleteAllEndpoints();
        admin.endpoint("healthy", base(wiremock("healthy")));
        assertThat(openai.chat().completions().create(chat(MODEL)).choices()).hasSize(1);
    }

    @Test
    void upstream400PassesThroughUnchanged() throws Exception {
        WireMockServer picky = wiremock("picky");
        String error = "{\"error\":{\"message\":\"max_tokens is too large\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}";
        picky.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(error)));
        long id = admin.endpoint("picky", base(picky));

        HttpResponse<String> answer = send("/v1/chat/completions", "{\"model\":\"m1\",\"max_tokens\":999999}",
                LbServer.CLIENT_TOKEN);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo(error);
        assertThat(answer.headers().firstValue("X-LB-Endpoint")).hasValue("picky");
        assertThat(admin.endpointState(id).get("consecutive_failures").asInt()).isZero();
    }

    @Test
    void answers504WhenTheFirstByteTakesLongerThanTheEndpointTimeout() {
        WireMockServer slow = wiremock("slow");
        slow.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(okJson(COMPLETION.formatted("slow")).withFixedDelay(4000)));
        admin.endpoint("slow", base(slow), "timeout", 1);

        assertThatThrownBy(() -> openai.chat().completions().create(chat(MODEL)))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(504);
                    assertThat(e.code()).hasValue("upstream_timeout");
                });
    }

    @Test
    void clientDisconnectCancelsTheUpstreamRequest() throws Exception {
        StreamingUpstream endless = streaming(200, 50, -1);
        long id = admin.endpoint("endless", endless.baseUrl());

        HttpResponse<InputStream> answer = http.send(streamRequest(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(answer.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).startsWith("data: ");
        }

        assertThat(endless.abandoned.await(10, TimeUnit.SECONDS)).as("upstream saw the hang-up").isTrue();
        assertThat(admin.endpointState(id).get("inflight").asInt()).isZero();
    }

    @Test
    void modelsMergesAndDeduplicatesAcrossEndpoints() throws Exception {
        admin.endpoint("a", base(wiremock("a", "llama", "qwen")));
        admin.endpoint("b", base(wiremock("b", "qwen", "mistral")));

        List<String> ids = awaitModels(3);

        assertThat(ids).containsExactlyInAnyOrder("llama", "qwen", "mistral");
    }

    List<String> awaitModels(int count) throws Exception {
        return until(Duration.ofSeconds(15), count + " models listed", () -> {
            List<String> ids = new ArrayList<>();
            for (var model : openai.models().list().data()) {
                ids.add(model.id());
            }
            return ids;
        }, ids -> ids.size() >= count);
    }

    @Test
    void rejectsMissingOrWrongClientTokensWith401() throws Exception {
        admin.endpoint("alpha", base(wiremock("alpha")));
        for (String token : new String[]{null, "wrong-token"}) {
            HttpResponse<String> chat = send("/v1/chat/completions", "{\"model\":\"m1\"}", token);
            assertThat(chat.statusCode()).isEqualTo(401);
            assertThat(Admin.JSON.readTree(chat.body()).at("/error/code").asText()).isEqualTo("unauthorized");
            HttpRequest.Builder models = HttpRequest.newBuilder(server.uri("/v1/models"));
            if (token != null) {
                models.header("Authorization", "Bearer " + token);
            }
            assertThat(http.send(models.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
        }
        assertThat(send("/v1/chat/completions", "{\"model\":\"m1\"}", "second-client-token").statusCode())
                .isEqualTo(200);
        HttpResponse<String> adminWithoutToken = http.send(HttpRequest.newBuilder(server.uri("/admin/api/state")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(adminWithoutToken.statusCode()).isEqualTo(401);
    }

    @Test
    void answers503WhenNothingIsConnected() throws Exception {
        long id = admin.endpoint("unwired", base(wiremock("unwired")));
        admin.patch(id, Map.of("connected", false));
        HttpResponse<String> answer = send("/v1/chat/completions", "{\"model\":\"m1\"}", LbServer.CLIENT_TOKEN);
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(Admin.JSON.readTree(answer.body()).at("/error/code").asText()).isEqualTo("no_endpoints_available");
    }

    @Test
    void answers429WithRetryAfterWhenEveryEndpointIsFull() throws Exception {
        WireMockServer slow = wiremock("slow");
        slow.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(okJson(COMPLETION.formatted("slow")).withFixedDelay(1500)));
        admin.endpoint("slow", base(slow), "max_concurrent", 1);

        var first = http.sendAsync(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + LbServer.CLIENT_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        awaitInflight(1);
        HttpResponse<String> second = send("/v1/chat/completions", "{\"model\":\"m1\"}", LbServer.CLIENT_TOKEN);

        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(Admin.JSON.readTree(second.body()).at("/error/code").asText()).isEqualTo("all_endpoints_busy");
        assertThat(second.headers().firstValue("Retry-After")).isPresent();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    void awaitInflight(int expected) throws Exception {
        until(Duration.ofSeconds(10), "in-flight reaches " + expected,
                () -> admin.state().get("total_inflight").asInt(), inflight -> inflight == expected);
    }

    @Test
    void upstream429WithRetryAfterTakesTheEndpointOutOfRotation() throws Exception {
        WireMockServer limited = wiremock("limited");
        limited.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("slow down")));
        admin.endpoint("limited", base(limited), "priority_order", 0);
        admin.endpoint("spare", base(wiremock("spare")), "priority_order", 1);

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> answer = send("/v1/chat/completions", "{\"model\":\"m1\"}", LbServer.CLIENT_TOKEN);
            assertThat(answer.headers().firstValue("X-LB-Endpoint")).hasValue("spare");
        }
        long tried = limited.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/v1/chat/completions")).count();
        assertThat(tried).as("asked once, then left alone for Retry-After").isEqualTo(1);
    }

    @Test
    void verifiesTlsUnlessTheEndpointTurnsItOff() throws Exception {
        WireMockServer tls = new WireMockServer(options().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1"));
        tls.start();
        fakes.add(tls::stop);
        tls.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(COMPLETION.formatted("tls"))));
        URI https = URI.create("https://localhost:" + tls.httpsPort() + "/v1");

        long id = admin.endpoint("self-signed", https);
        assertThat(send("/v1/chat/completions", "{\"model\":\"m1\"}", LbServer.CLIENT_TOKEN).statusCode())
                .isEqualTo(502);

        admin.patch(id, Map.of("verify_tls", false));
        HttpResponse<String> trusted = send("/v1/chat/completions", "{\"model\":\"m1\"}", LbServer.CLIENT_TOKEN);
        assertThat(trusted.statusCode()).isEqualTo(200);
        assertThat(trusted.body()).contains("Hello from tls");
    }

    static int closedPort() throws Exception {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
