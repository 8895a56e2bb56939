package org.llmlb.wsproxy.engine.control;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

import org.llmlb.client.http.UpstreamClient;
import org.llmlb.client.http.UpstreamRequest;
import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.workload.control.Conversations;
import org.llmlb.wsproxy.workload.control.Words;
import org.llmlb.wsproxy.workload.entity.Workload;

/**
 * One card's chat completion requests, sent through the non-blocking client: {@link #prepare}
 * returns at once, the answer is read on the client's I/O thread. A card's own messages or
 * preset prompts are built once, so sending costs no JSON work; a workload (synthetic prompts,
 * a dataset, shared prefixes, several turns, drawn output lengths) builds each body from parts
 * its {@link Conversations} prepared, a few string copies.
 */
public final class ChatCall {

    private static final String DEFAULT_PROMPT = "Tell me a story";
    private static final JsonProvider JSON = JsonProvider.provider();

    private final Clock clock;
    /** One, or one per preset prompt. */
    private final UpstreamRequest[] requests;
    private final String[] bodies;
    private final String[] headers;
    /** The prompt size of each of {@link #requests}, by the words of its messages. */
    private final long[] promptWords;
    private final AtomicLong sent = new AtomicLong();
    private final boolean stream;
    private final URI base;
    /** Null when the card's requests are built once. */
    private final Conversations conversations;
    /** A workload's body around its messages and its max_tokens. */
    private final String head;
    private final String cardMaxTokens;
    private final String tail;

    /** {@code clock} stamps when each request was sent, for the request log. */
    public ChatCall(Card card, Clock clock) {
        this.clock = clock;
        this.stream = card.modelConfig().stream();
        this.headers = headers(card);
        this.base = URI.create(card.baseUrl());
        Workload w = card.workload();
        boolean fixed = (card.messages() != null && !card.messages().isEmpty()) || Workload.PRESETS.equals(w);
        if (fixed) {
            List<JsonArray> all = conversations(card);
            this.bodies = all.stream().map(messages -> body(card, messages)).toArray(String[]::new);
            this.promptWords = all.stream().mapToLong(ChatCall::words).toArray();
            this.requests = new UpstreamRequest[bodies.length];
            for (int i = 0; i < bodies.length; i++) {
                requests[i] = UpstreamRequest.post(base, "/chat/completions", headers,
                        bodies[i].getBytes(StandardCharsets.UTF_8), true);
            }
            this.conversations = null;
            this.head = null;
            this.cardMaxTokens = null;
            this.tail = null;
        } else {
            this.bodies = null;
            this.promptWords = null;
            this.requests = null;
            this.conversations = new Conversations(w, card.preset() == null ? List.of(DEFAULT_PROMPT)
                    : card.preset().prompts());
            this.head = "{\"model\":" + JSON.createValue(card.model()) + ",\"messages\":";
            this.cardMaxTokens = card.modelConfig().maxTokens() == null ? ""
                    : ",\"max_tokens\":" + card.modelConfig().maxTokens();
            StringBuilder t = new StringBuilder();
            if (w.ignoreEos()) {
                t.append(",\"ignore_eos\":true");
            }
            if (card.modelConfig().temperature() != null) {
                t.append(",\"temperature\":").append(JSON.createValue(card.modelConfig().temperature()));
            }
            t.append(",\"stream\":").append(stream);
            if (stream) {
                t.append(",\"stream_options\":{\"include_usage\":true}");
            }
            this.tail = t.append('}').toString();
        }
    }

    /** The words of every message's text: the prompt's size where no usage tells it. */
    private static long words(JsonArray messages) {
        long n = 0;
        for (var m : messages) {
            if (m instanceof JsonObject o && o.get("content") instanceof JsonString s) {
                n += Words.estimate(s.getString());
            }
        }
        return n;
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
        if (conversations == null) {
            int i = next();
            AnswerReader reader = new AnswerReader(stream, System.nanoTime(), clock.millis(), done);
            reader.prompt(promptWords[i], 1, false);
            reader.exchange(client.exchange(requests[i], reader));
            return reader;
        }
        Conversations.Turn turn = conversations.next();
        byte[] body = body(turn).getBytes(StandardCharsets.UTF_8);
        UpstreamRequest request = UpstreamRequest.post(base, "/chat/completions", headers, body, true);
        AnswerReader.Done then = !turn.hasNext() ? done : (r, record) -> {
            // queued before the slot sends again, so a closed loop carries its own conversation on
            conversations.answered(turn, record.error() ? null : r.text());
            done.answered(r, record);
        };
        AnswerReader reader = new AnswerReader(stream, System.nanoTime(), clock.millis(), then);
        reader.prompt(turn.promptTokens(), turn.number(), turn.hasNext());
        reader.exchange(client.exchange(request, reader));
        return reader;
    }

    /** A workload request's body: the card's fields around the turn's messages and max_tokens. */
    String body(Conversations.Turn turn) {
        String maxTokens = turn.maxTokens() > 0 ? ",\"max_tokens\":" + turn.maxTokens() : cardMaxTokens;
        return new StringBuilder(head.length() + turn.messagesJson().length() + tail.length() + 24).append(head)
                .append(turn.messagesJson()).append(maxTokens).append(tail).toString();
    }

    /** The next workload turn, for tests; null when the card's requests are built once. */
    Conversations.Turn nextTurn() {
        return conversations == null ? null : conversations.next();
    }
}
