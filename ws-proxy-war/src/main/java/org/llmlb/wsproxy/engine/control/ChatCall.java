package org.llmlb.wsproxy.engine.control;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.json.JsonArray;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

import org.llmlb.client.http.UpstreamClient;
import org.llmlb.client.http.UpstreamRequest;
import org.llmlb.wsproxy.engine.entity.Card;

/**
 * One card's chat completion requests, built once per conversation so sending costs no JSON
 * work, and sent through the non-blocking client: {@link #send} returns at once, the answer is
 * read on the client's I/O thread.
 */
public final class ChatCall {

    private static final String DEFAULT_PROMPT = "Tell me a story";
    private static final JsonProvider JSON = JsonProvider.provider();

    private final Clock clock;
    /** One, or one per preset prompt. */
    private final UpstreamRequest[] requests;
    private final String[] bodies;
    private final String[] headers;
    private final AtomicLong sent = new AtomicLong();
    private final boolean stream;

    /** {@code clock} stamps when each request was sent, for the request log. */
    public ChatCall(Card card, Clock clock) {
        this.clock = clock;
        this.stream = card.modelConfig().stream();
        this.headers = headers(card);
        this.bodies = conversations(card).stream().map(messages -> body(card, messages)).toArray(String[]::new);
        URI base = URI.create(card.baseUrl());
        this.requests = new UpstreamRequest[bodies.length];
        for (int i = 0; i < bodies.length; i++) {
            requests[i] = UpstreamRequest.post(base, "/chat/completions", headers,
                    bodies[i].getBytes(StandardCharsets.UTF_8), true);
        }
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
        return JSON.createArrayBuilder().add(JSON.createObjectBuilder().add("role", "user").add("content", prompt)).build();
    }

    /** A balancer's response cache answers only a card that asks for it: a load test measures the backends. */
    static String[] headers(Card card) {
        List<String> h = new ArrayList<>(List.of("Content-Type", "application/json",
                "Accept", card.modelConfig().stream() ? "text/event-stream" : "application/json",
                "User-Agent", "llmlb-load-producer"));
        if (!card.useCache()) {
            h.addAll(List.of("Cache-Control", "no-cache"));
        }
        if (card.apiKey() != null && !card.apiKey().isBlank()) {
            h.addAll(List.of("Authorization", "Bearer " + card.apiKey()));
        }
        return h.toArray(String[]::new);
    }

    static String body(Card card, JsonArray messages) {
        JsonObjectBuilder body = JSON.createObjectBuilder().add("model", card.model()).add("messages", messages);
        if (card.modelConfig().maxTokens() != null) {
            body.add("max_tokens", card.modelConfig().maxTokens());
        }
        if (card.modelConfig().temperature() != null) {
            body.add("temperature", card.modelConfig().temperature());
        }
        body.add("stream", card.modelConfig().stream());
        if (card.modelConfig().stream()) {
            body.add("stream_options", JSON.createObjectBuilder().add("include_usage", true));
        }
        return body.build().toString();
    }

    /** Round robin without a lock; the counter would take centuries to wrap at any real rate. */
    int next() {
        return requests.length == 1 ? 0 : (int) (sent.getAndIncrement() % requests.length);
    }

    String body(int conversation) {
        return bodies[conversation];
    }

    /**
     * An answer reader for the next request, not yet sent: the caller keeps it (to time it out or
     * abandon it) and then {@linkplain AnswerReader#start() starts} it. {@code done} hears of the
     * record on an I/O thread, or on the thread that times the request out.
     */
    AnswerReader prepare(UpstreamClient client, AnswerReader.Done done) {
        AnswerReader reader = new AnswerReader(stream, System.nanoTime(), clock.millis(), done);
        reader.exchange(client.exchange(requests[next()], reader));
        return reader;
    }
}
