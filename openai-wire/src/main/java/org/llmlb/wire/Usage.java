package org.llmlb.wire;

/** Token counts an upstream reported in its {@code usage} object. */
public record Usage(long promptTokens, long completionTokens) {

    public long total() {
        return promptTokens + completionTokens;
    }

    /** Finds the top-level {@code usage} of a whole answer without building the rest of it; null when absent. */
    public static Usage scan(byte[] body) {
        return scan(body, 0, body.length);
    }

    public static Usage scan(byte[] body, int offset, int length) {
        JsonCursor json = new JsonCursor(body, offset, length);
        try {
            json.enterObject();
            String key;
            while ((key = json.nextKey()) != null) {
                if (key.equals("usage") && json.peekValue() == '{') {
                    return read(json);
                }
                json.skipValue();
            }
            return null;
        } catch (JsonCursor.Malformed malformed) {
            return null;
        }
    }

    private static final byte[][] COUNTS = JsonCursor.names("prompt_tokens", "completion_tokens");

    /** Reads the usage object at the cursor. */
    static Usage read(JsonCursor json) {
        long prompt = 0;
        long completion = 0;
        json.enterObject();
        int key;
        while ((key = json.nextKeyIn(COUNTS)) != JsonCursor.END) {
            byte kind = json.peekValue();
            boolean numeric = kind == '-' || (kind >= '0' && kind <= '9');
            if (numeric && key == 0) {
                prompt = json.number();
            } else if (numeric && key == 1) {
                completion = json.number();
            } else {
                json.skipValue();
            }
        }
        return new Usage(prompt, completion);
    }
}
