package org.llmlb.producer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.llmlb.testsupport.ErrorShape.assertOpenAiError;
import static org.llmlb.testsupport.Until.until;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator as a loaded vLLM server on a real Payara Micro: its queue, its /metrics, its injected faults. */
class SimulatorUnderLoadIT {

    static final String CHAT = "{\"model\":\"any\",\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]%s}";

    static SimServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        server = SimServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static HttpRequest.Builder post(String profile, boolean stream, String prompt, String extra) {
        return HttpRequest.newBuilder(server.uri("/sim/" + profile + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted(stream, prompt, extra)));
    }

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static String metrics(String profile) throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(server.uri("/sim/" + profile + "/metrics")).build());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        return answer.body();
    }

    /** A stream's SSE data lines and when its first content chunk came, in ms after sending. */
    record Streamed(long ttftMillis, List<String> data) {
    }

    static Streamed stream(HttpRequest request) throws IOException, InterruptedException {
        long sent = System.nanoTime();
        HttpResponse<InputStream> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(answer.statusCode()).isEqualTo(200);
        long ttft = -1;
        List<String> data = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(answer.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data: ")) {
                    if (ttft < 0 && line.contains("\"content\"")) {
                        ttft = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
                    }
                    data.add(line.substring(6));
                }
            }
        }
        return new Streamed(ttft, data);
    }

    @Test
    void fullBatchQueuesTheRestAndTheirFirstTokenWaitsForAFreeSlot() throws Exception {
        // each answer: 10 tokens 400 ms apart, 3.6 s, two at a time: running 2 / waiting 4 lasts 3.6 s
        String profile = "queue;max_num_seqs=2;ttft_ms=0;tps=2.5;tokens=10";
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<Streamed>> streams = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                streams.add(clients.submit(() -> stream(post(profile, true, "hello there", "").build())));
            }
            until(Duration.ofSeconds(30), "running 2, waiting 4 on /metrics", () -> {
                String text = metrics(profile);
                return text.contains("vllm:num_requests_running{model_name=\"sim-queue\"} 2\n")
                        && text.contains("vllm:num_requests_waiting{model_name=\"sim-queue\"} 4\n");
            });
            // vLLM's GET /load beside /v1: the requests it is busy with, running and waiting
            assertThat(send(HttpRequest.newBuilder(server.uri("/sim/" + profile + "/load")).build()).body())
                    .isEqualTo("{\"server_load\":6}");
            List<Long> ttfts = new ArrayList<>();
            for (Future<Streamed> stream : streams) {
                Streamed done = stream.get(60, TimeUnit.SECONDS);
                assertThat(done.data()).last().isEqualTo("[DONE]");
                ttfts.add(done.ttftMillis());
            }
            ttfts.sort(null);
            assertThat(ttfts.get(2) - ttfts.get(1)).as("second pair after the first of " + ttfts).isGreaterThanOrEqualTo(2000);
            assertThat(ttfts.get(4) - ttfts.get(1)).as("third pair after the first of " + ttfts).isGreaterThanOrEqualTo(5000);
        } finally {
            clients.shutdownNow();
        }
        assertThat(send(HttpRequest.newBuilder(server.uri("/sim/" + profile + "/load")).build()).body())
                .isEqualTo("{\"server_load\":0}");
        String after = metrics(profile);
        assertThat(after).contains("vllm:num_requests_running{model_name=\"sim-queue\"} 0\n",
                "vllm:num_requests_waiting{model_name=\"sim-queue\"} 0\n",
                "vllm:generation_tokens_total{model_name=\"sim-queue\"} 60\n",
                "vllm:prompt_tokens_total{model_name=\"sim-queue\"} 12\n",
                "vllm:request_success_total{model_name=\"sim-queue\",finished_reason=\"stop\"} 6\n",
                "vllm:request_queue_time_seconds_count{model_name=\"sim-queue\"} 6\n");
    }

    @Test
    void throttledRequestIsA429WithRetryAfter() throws Exception {
        HttpResponse<String> answer = send(post("throttled;throttle_rate=1;retry_after_s=3", false, "hi", "").build());

        JsonObject error = assertOpenAiError(answer, 429, "rate_limit_exceeded");
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(error.getString("message")).contains("retry after 3 s");
        assertThat(metrics("throttled;throttle_rate=1;retry_after_s=3"))
                .contains("simulator_faults_total{model_name=\"sim-throttled\",kind=\"rate_limit\"} 1\n");
    }

    @Test
    void promptPlusMaxTokensBeyondMaxModelLenIsAnOpenAiContextLengthError() throws Exception {
        HttpResponse<String> answer = send(post("short;max_model_len=10", false, "one two three four", ",\"max_tokens\":7").build());

        JsonObject error = assertOpenAiError(answer, 400, "context_length_exceeded");
        assertThat(error.getString("type")).isEqualTo("invalid_request_error");
        assertThat(error.getString("param")).isEqualTo("messages");
        assertThat(error.getString("message")).isEqualTo("This model's maximum context length is 10 tokens. However, you "
                + "requested 11 tokens (4 in the messages, 7 in the completion). Please reduce the length of the messages "
                + "or completion.");
        assertThat(send(post("short;max_model_len=10", false, "one two three four", ",\"max_tokens\":6").build()).statusCode())
                .isEqualTo(200);
        assertOpenAiError(send(post("injected;context_error_rate=1", true, "hi", "").build()), 400, "context_length_exceeded");
    }

    @Test
    void droppedStreamEndsWithoutFinishingOrDone() throws Exception {
        Streamed dropped = stream(post("dropping;drop_rate=1;ttft_ms=0;tps=100;tokens=10", true, "hi", "").build());

        assertThat(dropped.data()).hasSize(5).allSatisfy(d -> assertThat(d).contains("\"content\"").contains("\"finish_reason\":null"));
        assertThat(dropped.data()).doesNotContain("[DONE]");
    }

    @Test
    void droppedWholeAnswerBreaksOffInTheBody() {
        // the connection closes mid-body: an I/O error at once, not the client giving up on a silent connection
        assertThatThrownBy(() -> send(post("dropping;drop_rate=1;ttft_ms=0;tps=100;tokens=10", false, "hi", "")
                .timeout(Duration.ofSeconds(20)).build()))
                .isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void hungRequestSendsNotEvenHeadersThenFails() throws Exception {
        String profile = "hung;hang_rate=1;hang_ms=2500";
        assertThatThrownBy(() -> send(post(profile, true, "hi", "").timeout(Duration.ofMillis(1000)).build()))
                .isInstanceOf(HttpTimeoutException.class);

        long sent = System.nanoTime();
        HttpResponse<String> late = send(post(profile, false, "hi", "").build());
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isGreaterThanOrEqualTo(2400);
        assertOpenAiError(late, 500, "simulated_hang");
    }

    @Test
    void ignoreEosMakesTheAnswerExactlyMaxTokensLong() throws Exception {
        String profile = "exact;ttft_ms=0;tps=100000";
        JsonObject usage = usage(send(post(profile, false, "hi", ",\"max_tokens\":100,\"ignore_eos\":true").build()));
        assertThat(usage.getInt("completion_tokens")).isEqualTo(100);
        assertThat(usage(send(post(profile, false, "hi", ",\"max_tokens\":100").build())).getInt("completion_tokens"))
                .as("without it the profile's 32 tokens end first").isEqualTo(32);
        assertThat(usage(send(post(profile + ";ignore_eos=true", false, "hi", ",\"max_completion_tokens\":70").build()))
                .getInt("completion_tokens")).isEqualTo(70);
    }

    @Test
    void repeatedPromptHitsThePrefixCache() throws Exception {
        String profile = "cached;ttft_ms=0;tps=100000;block_size=2;prefix_cache_blocks=100";
        String prompt = "a long shared system prompt and then a question";
        send(post(profile, false, prompt, "").build());
        send(post(profile, false, prompt, "").build());

        String text = metrics(profile);
        assertThat(text).contains("vllm:prefix_cache_queries_total{model_name=\"sim-cached\"} 18\n",
                "vllm:prefix_cache_hits_total{model_name=\"sim-cached\"} 8\n");
        assertThat(send(HttpRequest.newBuilder(server.uri("/sim/" + profile + "/v1/metrics")).build()).body()).isEqualTo(text);
    }

    static JsonObject usage(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Json.createReader(new StringReader(answer.body())).readObject().getJsonObject("usage");
    }
}
