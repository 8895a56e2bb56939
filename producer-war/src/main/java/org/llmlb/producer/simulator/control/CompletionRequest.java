package org.llmlb.producer.simulator.control;

import java.io.ByteArrayInputStream;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import org.llmlb.producer.simulator.entity.Operation;
import org.llmlb.producer.simulator.entity.Problem;

/**
 * What the simulator needs from a {@code chat/completions} or {@code completions} body; the
 * rest (model, temperature, …) is accepted and ignored, as any backend serving one model would.
 *
 * @param maxTokens {@code max_completion_tokens}, else {@code max_tokens}; null when neither is set
 * @param minTokens vLLM's {@code min_tokens}; null when not set
 * @param ignoreEos vLLM's {@code ignore_eos}; null when not set
 * @param promptTokens whitespace-separated words of the messages' text or the prompt, at least 1
 * @param promptBlocks the prompt's chained block hashes for the prefix cache (see {@link PromptScan})
 */
public record CompletionRequest(boolean stream, boolean includeUsage, Integer maxTokens, Integer minTokens,
                                Boolean ignoreEos, int promptTokens, long[] promptBlocks) {

    private static final JsonProvider JSON = JsonProvider.provider();

    public static CompletionRequest parse(byte[] body, Operation operation) {
        return parse(body, operation, 0);
    }

    /** @param blockSize prompt words per prefix-cache block, 0 when the server caches no prefixes */
    public static CompletionRequest parse(byte[] body, Operation operation, int blockSize) {
        JsonObject json;
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw invalid("The request body must be a JSON object");
            }
            json = value.asJsonObject();
        } catch (JsonException malformed) {
            throw invalid("The request body is not valid JSON");
        }
        boolean stream = json.getBoolean("stream", false);
        JsonValue options = json.get("stream_options");
        boolean includeUsage = options instanceof JsonObject o && o.getBoolean("include_usage", false);
        Integer maxTokens = limit(json, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = limit(json, "max_tokens");
        }
        Integer minTokens = count(json, "min_tokens");
        if (minTokens != null && maxTokens != null && minTokens > maxTokens) {
            throw invalid("min_tokens (" + minTokens + ") must be at most max_tokens (" + maxTokens + ")");
        }
        JsonValue eos = json.get("ignore_eos");
        if (eos != null && eos != JsonValue.NULL && eos != JsonValue.TRUE && eos != JsonValue.FALSE) {
            throw invalid("ignore_eos must be true or false");
        }
        Boolean ignoreEos = eos == null || eos == JsonValue.NULL ? null : eos == JsonValue.TRUE;
        PromptScan prompt = new PromptScan(blockSize);
        if (operation == Operation.CHAT) {
            messages(json.get("messages"), prompt);
        } else {
            scan(json.get("prompt"), prompt);
        }
        return new CompletionRequest(stream, includeUsage, maxTokens, minTokens, ignoreEos,
                Math.max(1, prompt.words()), prompt.blocks());
    }

    private static Integer count(JsonObject json, String key) {
        JsonValue value = json.get(key);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 0) {
            throw invalid(key + " must be a non-negative integer");
        }
        return (int) Math.min(Integer.MAX_VALUE, number.longValue());
    }

    private static Integer limit(JsonObject json, String key) {
        JsonValue value = json.get(key);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 1) {
            throw invalid(key + " must be a positive integer");
        }
        return (int) Math.min(Integer.MAX_VALUE, number.longValue());
    }

    private static void messages(JsonValue messages, PromptScan prompt) {
        if (messages instanceof JsonArray list) {
            for (JsonValue message : list) {
                if (message instanceof JsonObject m) {
                    scan(m.get("content"), prompt);
                    prompt.boundary();
                }
            }
        }
    }

    /** Words in a string, an array of strings, or an array of content parts ({@code {"text": …}}). */
    private static void scan(JsonValue content, PromptScan prompt) {
        if (content instanceof JsonString text) {
            prompt.add(text.getString());
        } else if (content instanceof JsonArray parts) {
            for (JsonValue part : parts) {
                scan(part instanceof JsonObject p ? p.get("text") : part, prompt);
            }
        }
    }

    private static SimulationException invalid(String message) {
        return new SimulationException(Problem.INVALID_REQUEST, message);
    }
}
