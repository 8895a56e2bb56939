package org.llmlb.balancer.proxy.control;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** What accounting needs from one {@code data:} payload of a stream. */
record StreamChunk(Usage usage, boolean noChoices, int contentDeltas) {

    static final StreamChunk OPAQUE = new StreamChunk(null, false, 0);

    static StreamChunk parse(String payload) {
        JsonObject chunk;
        try {
            chunk = Json.object(payload);
        } catch (RuntimeException notJson) {
            return OPAQUE;
        }
        JsonValue choices = chunk.get("choices");
        int deltas = 0;
        boolean noChoices = true;
        if (choices != null && choices.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue choice : choices.asJsonArray()) {
                noChoices = false;
                if (choice instanceof JsonObject c && hasContent(c)) {
                    deltas++;
                }
            }
        }
        return new StreamChunk(Usage.of(chunk.get("usage")), noChoices, deltas);
    }

    private static boolean hasContent(JsonObject choice) {
        if (choice.get("delta") instanceof JsonObject delta && nonEmpty(delta.get("content"))) {
            return true;
        }
        return nonEmpty(choice.get("text"));
    }

    private static boolean nonEmpty(JsonValue value) {
        return value instanceof JsonString s && !s.getString().isEmpty();
    }
}
