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
import java.time.Duration;
import java.util.function.BooleanSupplier;

import jakarta.json.Json;
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
    private final HttpRequest request;
    private final boolean stream;

    public ChatCall(HttpClient client, Card card) {
        this.client = client;
        this.stream = card.modelConfig().stream();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(trimSlash(card.baseUrl()) + "/chat/completions"))
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(card)));
        if (card.apiKey() != null && !card.apiKey().isBlank()) {
            builder.header("Authorization", "Bearer " + card.apiKey());
        }
        this.request = builder.build();
    }

    static String body(Card card) {
        JsonObjectBuilder body = Json.createObjectBuilder().add("model", card.model());
        if (card.messages() != null && !card.messages().isEmpty()) {
            body.add("messages", card.messages());
        } else {
            body.add("messages", Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("role", "user").add("content", DEFAULT_PROMPT)));
        }
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

    /** Which endpoint the balancer chose, for the request log; null when the target is not a balancer. */
    private static String endpoint(HttpResponse<?> response) {
        return response.headers().firstValue("X-LB-Endpoint").orElse(null);
    }

    /** Sends the request and reads the answer; {@code stopped} cuts a stream short. */
    public RequestRecord send(BooleanSupplier stopped) {
        long sent = System.nanoTime();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
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
