package org.llmlb.balancer.proxy.control;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;

/** Token counts an upstream reported in its {@code usage} object. */
public record Usage(long promptTokens, long completionTokens) {

    public long total() {
        return promptTokens + completionTokens;
    }

    static Usage of(JsonValue usage) {
        if (usage == null || usage.getValueType() != JsonValue.ValueType.OBJECT) {
            return null;
        }
        JsonObject o = usage.asJsonObject();
        return new Usage(number(o, "prompt_tokens"), number(o, "completion_tokens"));
    }

    private static long number(JsonObject o, String key) {
        JsonValue v = o.get(key);
        return v instanceof JsonNumber n ? n.longValue() : 0;
    }

    /** Finds the top-level {@code usage} of a response body without building the rest of it. */
    public static Usage scan(byte[] body) {
        try (JsonParser p = Json.parser(body)) {
            if (!p.hasNext() || p.next() != JsonParser.Event.START_OBJECT) {
                return null;
            }
            while (p.hasNext()) {
                JsonParser.Event e = p.next();
                if (e == JsonParser.Event.END_OBJECT) {
                    return null;
                }
                String key = p.getString();
                JsonParser.Event value = p.next();
                if ("usage".equals(key) && value == JsonParser.Event.START_OBJECT) {
                    return of(p.getObject());
                }
                skip(p, value);
            }
            return null;
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    static void skip(JsonParser p, JsonParser.Event value) {
        if (value == JsonParser.Event.START_OBJECT) {
            p.skipObject();
        } else if (value == JsonParser.Event.START_ARRAY) {
            p.skipArray();
        }
    }
}
