package org.llmlb.client.openai;

/**
 * What accounting and relaying need from one {@code data:} payload of a chat or text completion
 * stream, read without building the JSON.
 *
 * @param usage         the {@code usage} object, or null
 * @param noChoices     whether {@code choices} is absent or empty (the usage-only chunk)
 * @param contentDeltas choices whose {@code delta.content} (chat) or {@code text} (completions) is non-empty:
 *                      the one rule by which both the balancer and the load engine count streamed tokens
 * @param substantive   whether the chunk carries anything beyond a preamble: content, any other non-empty
 *                      delta field (tool calls, refusal, reasoning), a finish reason, usage or an error. A
 *                      chunk that is not substantive (a role-only or empty first chunk) can be held back
 *                      until content arrives; anything that is not JSON counts as substantive.
 */
public record StreamChunk(Usage usage, boolean noChoices, int contentDeltas, boolean substantive) {

    static final StreamChunk OPAQUE = new StreamChunk(null, false, 0, true);

    private static final byte[][] TOP = JsonCursor.names("choices", "usage", "error");
    private static final byte[][] CHOICE = JsonCursor.names("delta", "text", "finish_reason");
    private static final byte[][] DELTA = JsonCursor.names("content", "role");
    private static final byte[][] NONE = new byte[0][];

    public static StreamChunk scan(byte[] data, int offset, int length) {
        JsonCursor json = new JsonCursor(data, offset, length);
        try {
            if (json.peekValue() != '{') {
                return OPAQUE;
            }
            json.enterObject();
            Usage usage = null;
            Choices choices = new Choices();
            boolean substantive = false;
            int key;
            while ((key = json.nextKeyIn(TOP)) != JsonCursor.END) {
                switch (key) {
                    case 0 -> {
                        if (json.peekValue() == '[') {
                            choices.read(json);
                        } else {
                            json.skipValue();
                        }
                    }
                    case 1 -> {
                        if (json.peekValue() == '{') {
                            usage = Usage.read(json);
                            substantive = true;
                        } else {
                            json.skipValue();
                        }
                    }
                    case 2 -> substantive |= present(json);
                    default -> json.skipValue();
                }
            }
            return new StreamChunk(usage, choices.count == 0, choices.contentDeltas,
                    substantive || choices.substantive);
        } catch (JsonCursor.Malformed notAChunk) {
            return OPAQUE;
        }
    }

    public static StreamChunk scan(byte[] data) {
        return scan(data, 0, data.length);
    }

    /** Skips the value at the cursor; whether it was anything but null, "", [] or {}. */
    private static boolean present(JsonCursor json) {
        byte kind = json.peekValue();
        if (kind == 'n') {
            json.skipValue();
            return false;
        }
        if (kind == '"') {
            return json.nonEmptyString();
        }
        if (kind == '[') {
            json.enterArray();
            boolean any = false;
            while (json.nextElement()) {
                any = true;
                json.skipValue();
            }
            return any;
        }
        if (kind == '{') {
            json.enterObject();
            boolean any = false;
            while (json.nextKeyIn(NONE) != JsonCursor.END) {
                any = true;
                json.skipValue();
            }
            return any;
        }
        json.skipValue();
        return true;
    }

    private static final class Choices {
        int count;
        int contentDeltas;
        boolean substantive;

        void read(JsonCursor json) {
            json.enterArray();
            while (json.nextElement()) {
                if (json.peekValue() != '{') {
                    json.skipValue();
                    continue;
                }
                count++;
                choice(json);
            }
        }

        private void choice(JsonCursor json) {
            json.enterObject();
            boolean content = false;
            int key;
            while ((key = json.nextKeyIn(CHOICE)) != JsonCursor.END) {
                switch (key) {
                    case 0 -> {
                        if (json.peekValue() == '{') {
                            content |= delta(json);
                        } else {
                            json.skipValue();
                        }
                    }
                    case 1 -> content |= json.peekValue() == '"' ? json.nonEmptyString() : present(json);
                    case 2 -> substantive |= present(json);
                    default -> json.skipValue();
                }
            }
            if (content) {
                contentDeltas++;
                substantive = true;
            }
        }

        /** @return whether the delta's content is non-empty; other non-empty fields make the chunk substantive */
        private boolean delta(JsonCursor json) {
            json.enterObject();
            boolean content = false;
            int key;
            while ((key = json.nextKeyIn(DELTA)) != JsonCursor.END) {
                if (key == 0) {
                    content |= json.peekValue() == '"' ? json.nonEmptyString() : present(json);
                } else if (key == 1) {
                    json.skipValue();
                } else {
                    substantive |= present(json);
                }
            }
            return content;
        }
    }
}
