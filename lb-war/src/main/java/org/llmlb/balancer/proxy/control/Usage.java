package org.llmlb.balancer.proxy.control;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

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
        JsonCursor json = new JsonCursor(body);
        try {
            json.enterObject();
            String key;
            while ((key = json.nextKey()) != null) {
                if (key.equals("usage") && json.peekValue() == '{') {
                    return usage(json);
                }
                json.skipValue();
            }
            return null;
        } catch (JsonCursor.Malformed | ArrayIndexOutOfBoundsException malformed) {
            return null;
        }
    }

    private static Usage usage(JsonCursor json) {
        long prompt = 0;
        long completion = 0;
        json.enterObject();
        String key;
        while ((key = json.nextKey()) != null) {
            byte kind = json.peekValue();
            boolean numeric = kind == '-' || (kind >= '0' && kind <= '9');
            if (numeric && key.equals("prompt_tokens")) {
                prompt = json.number();
            } else if (numeric && key.equals("completion_tokens")) {
                completion = json.number();
            } else {
                json.skipValue();
            }
        }
        return new Usage(prompt, completion);
    }
}
