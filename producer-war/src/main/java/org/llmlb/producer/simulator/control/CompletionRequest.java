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
 * @param promptTokens whitespace-separated words of the messages' text or the prompt, at least 1
 */
public record CompletionRequest(boolean stream, boolean includeUsage, Integer maxTokens, int promptTokens) {

    private static final JsonProvider JSON = JsonProvider.provider();

    public static CompletionRequest parse(byte[] body, Operation operation) {
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
        int words = operation == Operation.CHAT ? messageWords(json.get("messages")) : words(json.get("prompt"));
        return new CompletionRequest(stream, includeUsage, maxTokens, Math.max(1, words));
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

    private static int messageWords(JsonValue messages) {
        if (!(messages instanceof JsonArray list)) {
            return 0;
        }
        int words = 0;
        for (JsonValue message : list) {
            if (message instanceof JsonObject m) {
                words += words(m.get("content"));
            }
        }
        return words;
    }

    /** Words in a string, an array of strings, or an array of content parts ({@code {"text": …}}). */
    private static int words(JsonValue content) {
        if (content instanceof JsonString text) {
            String trimmed = text.getString().strip();
            return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        }
        int words = 0;
        if (content instanceof JsonArray parts) {
            for (JsonValue part : parts) {
                words += part instanceof JsonObject p ? words(p.get("text")) : words(part);
            }
        }
        return words;
    }

    private static SimulationException invalid(String message) {
        return new SimulationException(Problem.INVALID_REQUEST, message);
    }
}
