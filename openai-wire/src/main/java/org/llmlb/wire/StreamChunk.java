package org.llmlb.wire;

/**
 * What accounting and relaying need from one {@code data:} payload of a chat or text completion
 * stream, read without building the JSON.
 * <p>
 * <b>The counting rule</b>, the one by which the balancer estimates completion tokens and the load
 * engine counts output tokens and inter-token gaps when no {@code usage} comes: a choice counts as
 * one output delta when it carries model output, that is a non-empty {@code text} (completions) or
 * a delta with a non-empty {@code content}, {@code reasoning_content} or {@code reasoning}
 * (reasoning models), {@code refusal} or {@code tool_calls}. A role, an empty string, null, a
 * finish reason, usage or an error are not output.
 *
 * @param usage        the {@code usage} object, or null
 * @param noChoices    whether {@code choices} is absent or empty (the usage-only chunk)
 * @param outputDeltas choices that count by the rule above; estimated completion tokens are their sum
 * @param substantive  whether the chunk carries anything beyond a preamble: output, any other non-empty
 *                     delta field, a finish reason, usage or an error. A chunk that is not substantive
 *                     (a role-only or empty first chunk) can be held back until output arrives; anything
 *                     that is not JSON counts as substantive.
 */
public record StreamChunk(Usage usage, boolean noChoices, int outputDeltas, boolean substantive) {

    static final StreamChunk OPAQUE = new StreamChunk(null, false, 0, true);

    private static final byte[][] TOP = JsonCursor.names("choices", "usage", "error");
    private static final byte[][] CHOICE = JsonCursor.names("delta", "text", "finish_reason");
    /** Delta members that are model output; everything after them in this list is not. */
    private static final byte[][] DELTA = JsonCursor.names("content", "reasoning_content", "reasoning", "refusal",
            "tool_calls", "role");
    private static final int ROLE = 5;
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
            return new StreamChunk(usage, choices.count == 0, choices.outputDeltas,
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
        int outputDeltas;
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
            boolean output = false;
            int key;
            while ((key = json.nextKeyIn(CHOICE)) != JsonCursor.END) {
                switch (key) {
                    case 0 -> {
                        if (json.peekValue() == '{') {
                            output |= delta(json);
                        } else {
                            json.skipValue();
                        }
                    }
                    case 1 -> output |= present(json);
                    case 2 -> substantive |= present(json);
                    default -> json.skipValue();
                }
            }
            if (output) {
                outputDeltas++;
                substantive = true;
            }
        }

        /** @return whether the delta carries output; other non-empty fields make the chunk substantive */
        private boolean delta(JsonCursor json) {
            json.enterObject();
            boolean output = false;
            int key;
            while ((key = json.nextKeyIn(DELTA)) != JsonCursor.END) {
                if (key == ROLE) {
                    json.skipValue();
                } else if (key >= 0) {
                    output |= present(json);
                } else {
                    substantive |= present(json);
                }
            }
            return output;
        }
    }
}
