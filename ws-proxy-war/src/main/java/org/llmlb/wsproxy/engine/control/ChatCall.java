package org.llmlb.wsproxy.engine.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObjectBuilder;

import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.engine.entity.RequestRecord;

/**
 * One card's chat completion request. Blocking on the caller's thread on purpose: the async
 * client completes on the common pool, which on a 2-CPU machine starts a thread per task.
 */
public final class ChatCall {

    private static final String DEFAULT_PROMPT = "Tell me a story";

    private final HttpClient client;
    private final Clock clock;
    /** Built once per conversation, so sending costs no JSON work: one, or one per preset prompt. */
    private final HttpRequest[] requests;
    private final AtomicLong sent = new AtomicLong();
    private final boolean stream;

    /** {@code clock} stamps when each request was sent, for the request log. */
    public ChatCall(HttpClient client, Card card, Clock clock) {
        this.client = client;
        this.clock = clock;
        this.stream = card.modelConfig().stream();
        this.requests = conversations(card).stream().map(messages -> request(card, messages)).toArray(HttpRequest[]::new);
    }

    /** The card's own messages win; a preset's prompts are one user message each. */
    static List<JsonArray> conversations(Card card) {
        if (card.messages() != null && !card.messages().isEmpty()) {
            return List.of(card.messages());
        }
        List<String> prompts = card.preset() == null ? List.of(DEFAULT_PROMPT) : card.preset().prompts();
        return prompts.stream().map(ChatCall::userMessage).toList();
    }

    private static JsonArray userMessage(String prompt) {
        return Json.createArrayBuilder().add(Json.createObjectBuilder().add("role", "user").add("content", prompt)).build();
    }

    private static HttpRequest request(Card card, JsonArray messages) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(trimSlash(card.baseUrl()) + "/chat/completions"))
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(card, messages)));
        if (card.apiKey() != null && !card.apiKey().isBlank()) {
            builder.header("Authorization", "Bearer " + card.apiKey());
        }
        return builder.build();
    }

    static String body(Card card, JsonArray messages) {
        JsonObjectBuilder body = Json.createObjectBuilder().add("model", card.model()).add("messages", messages);
        if (card.modelConfig().maxTokens() != null) {
            body.add("max_tokens", card.modelConfig().maxTokens());
        }
        if (card.modelConfig().temperature() != null) {
            body.add("temperature", card.modelConfig().temperature());
        }
        body.add("stream", card.modelConfig().stream());
        if (card.modelConfig().stream()) {
            body.add("stream_options", Json.createObjectBuilder().add("include_usage", true));
        }
        return body.build().toString();
    }

    /** Round robin without a lock; the counter would take centuries to wrap at any real rate. */
    HttpRequest next() {
        return requests.length == 1 ? requests[0] : requests[(int) (sent.getAndIncrement() % requests.length)];
    }

    /** Which endpoint the balancer chose, for the request log; null when the target is not a balancer. */
    private static String endpoint(HttpResponse<?> response) {
        return response.headers().firstValue("X-LB-Endpoint").orElse(null);
    }

    /** Sends the next request and reads the answer; {@code stopped} cuts a stream short. */
    public RequestRecord send(BooleanSupplier stopped) {
        long sentAt = clock.millis();
        return exchange(stopped).sentAt(sentAt);
    }

    private RequestRecord exchange(BooleanSupplier stopped) {
        long sent = System.nanoTime();
        try {
            HttpResponse<InputStream> response = client.send(next(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() / 100 != 2) {
                    body.readAllBytes();
                    return RequestRecord.failed(response.statusCode(), System.nanoTime() - sent)
                            .withEndpoint(endpoint(response));
                }
                ChunkTimer timer = new ChunkTimer(sent);
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                if (stream) {
                    for (String line = lines.readLine(); line != null && !stopped.getAsBoolean(); line = lines.readLine()) {
                        timer.line(line, System.nanoTime());
                    }
                } else {
                    // a whole answer parses like one chunk whose choices carry a message, not a delta
                    timer.line("data: " + lines.lines().reduce("", String::concat), System.nanoTime());
                }
                return timer.finish(response.statusCode(), System.nanoTime()).withEndpoint(endpoint(response));
            }
        } catch (IOException e) {
            return RequestRecord.failed(0, System.nanoTime() - sent);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RequestRecord.failed(0, System.nanoTime() - sent);
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
