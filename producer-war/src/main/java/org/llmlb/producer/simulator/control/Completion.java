package org.llmlb.producer.simulator.control;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

import org.llmlb.producer.simulator.entity.Operation;

/**
 * One simulated answer in the OpenAI wire shapes: the whole {@code chat.completion} /
 * {@code text_completion}, or its stream of chunks (one per token, a finishing chunk, a
 * usage-only chunk). Every chunk shares the answer's id and {@code created}, as OpenAI's do.
 */
public record Completion(Operation operation, String id, long created, String model,
                         int promptTokens, int completionTokens, String finishReason) {

    private static final JsonProvider JSON = JsonProvider.provider();

    public static Completion of(Operation operation, long created, String model, int promptTokens,
                                int completionTokens, boolean truncated) {
        // not UUID.randomUUID(): its SecureRandom is one lock for the whole server, which also takes it per request
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String id = operation.idPrefix + hex(random.nextLong()) + hex(random.nextLong());
        return new Completion(operation, id, created, model, promptTokens, completionTokens,
                truncated ? "length" : "stop");
    }

    /** The non-streaming answer, always with {@code usage}. */
    public JsonObject whole() {
        JsonObjectBuilder choice = JSON.createObjectBuilder().add("index", 0);
        String text = Filler.text(completionTokens);
        if (operation == Operation.CHAT) {
            choice.add("message", JSON.createObjectBuilder()
                    .add("role", "assistant").add("content", text).addNull("refusal"));
        } else {
            choice.add("text", text);
        }
        choice.addNull("logprobs").add("finish_reason", finishReason);
        return head(operation.object).add("choices", JSON.createArrayBuilder().add(choice)).add("usage", usage()).build();
    }

    /** The chunk carrying token {@code index}; the first chat chunk also names the role. */
    public JsonObject chunk(int index) {
        return chunk(Filler.token(index), index == 0, null).build();
    }

    /**
     * The token chunks as ready SSE events: the chunk's JSON around the token's text, built once
     * per answer, so a stream costs no JSON building per token. The first chat chunk (it names
     * the role) is the one exception.
     */
    public TokenEvents tokenEvents() {
        String marker = "\u0001";
        String json = chunk(marker, false, null).build().toString();
        // the marker comes out escaped; the filler's words need no escaping
        int at = json.indexOf("\\u0001");
        return new TokenEvents(this, "data: " + json.substring(0, at), json.substring(at + 6) + "\n\n");
    }

    /** See {@link #tokenEvents()}. */
    public record TokenEvents(Completion completion, String prefix, String suffix) {

        public byte[] event(int index) {
            if (index == 0 && completion.operation() == Operation.CHAT) {
                return ("data: " + completion.chunk(0) + "\n\n").getBytes(StandardCharsets.UTF_8);
            }
            return (prefix + Filler.token(index) + suffix).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return "0".repeat(16 - digits.length()) + digits;
    }

    /** The chunk after the last token: no content, the finish reason, and usage when asked. */
    public JsonObject finish(boolean withUsage) {
        JsonObjectBuilder chunk = chunk("", false, finishReason);
        if (withUsage) {
            chunk.add("usage", usage());
        }
        return chunk.build();
    }

    /** The usage-only chunk that {@code stream_options.include_usage} asks for. */
    public JsonObject usageChunk() {
        return head(operation.chunkObject).add("choices", JSON.createArrayBuilder()).add("usage", usage()).build();
    }

    private JsonObjectBuilder chunk(String text, boolean first, String finish) {
        JsonObjectBuilder choice = JSON.createObjectBuilder().add("index", 0);
        if (operation == Operation.CHAT) {
            JsonObjectBuilder delta = JSON.createObjectBuilder();
            if (first) {
                delta.add("role", "assistant");
            }
            if (!text.isEmpty()) {
                delta.add("content", text);
            }
            choice.add("delta", delta);
        } else {
            choice.add("text", text);
        }
        choice.addNull("logprobs");
        if (finish == null) {
            choice.addNull("finish_reason");
        } else {
            choice.add("finish_reason", finish);
        }
        return head(operation.chunkObject).add("choices", JSON.createArrayBuilder().add(choice));
    }

    private JsonObjectBuilder head(String object) {
        return JSON.createObjectBuilder().add("id", id).add("object", object).add("created", created).add("model", model);
    }

    private JsonObjectBuilder usage() {
        return JSON.createObjectBuilder().add("prompt_tokens", promptTokens)
                .add("completion_tokens", completionTokens).add("total_tokens", promptTokens + completionTokens);
    }

    /** The {@code /models} answer: the one model this profile serves. */
    public static JsonObject models(String model, long created) {
        return JSON.createObjectBuilder().add("object", "list").add("data", JSON.createArrayBuilder()
                .add(JSON.createObjectBuilder().add("id", model).add("object", "model")
                        .add("created", created).add("owned_by", "simulator"))).build();
    }
}
