package org.llmlb.wire;

import java.nio.charset.StandardCharsets;

/**
 * Walks a JSON document in a byte array, reading the few members that accounting and routing
 * need and skipping the rest (messages, embeddings) without building them. Not a validator:
 * skipped values are matched by their brackets and quotes only; the upstream judges the full
 * body. Works on a slice, so a stream's {@code data:} payload is read where it lies.
 */
public final class JsonCursor {

    /** The bytes are not the JSON this cursor was asked to read. */
    public static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] json;
    private final int end;
    private int at;

    public JsonCursor(byte[] json) {
        this(json, 0, json.length);
    }

    public JsonCursor(byte[] json, int offset, int length) {
        this.json = json;
        this.at = offset;
        this.end = offset + length;
    }

    /** Moves past the opening brace of the object at the cursor. */
    public void enterObject() {
        if (next() != '{') {
            throw new Malformed("expected an object");
        }
    }

    /** @return the next member's name, or null at the end of the object */
    public String nextKey() {
        byte c = next();
        if (c == ',') {
            c = next();
        }
        if (c == '}') {
            return null;
        }
        if (c != '"') {
            throw new Malformed("expected a member name");
        }
        String key = stringBody();
        if (next() != ':') {
            throw new Malformed("expected ':'");
        }
        return key;
    }

    /** {@link #nextKeyIn} at the end of the object. */
    public static final int END = -2;

    /** Member names for {@link #nextKeyIn}, as bytes. */
    public static byte[][] names(String... names) {
        byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            bytes[i] = names[i].getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    /**
     * Like {@link #nextKey()} without building a string: the index of the next member's name in
     * {@code names}, -1 for a name not among them, {@link #END} at the end of the object.
     */
    public int nextKeyIn(byte[][] names) {
        byte c = next();
        if (c == ',') {
            c = next();
        }
        if (c == '}') {
            return END;
        }
        if (c != '"') {
            throw new Malformed("expected a member name");
        }
        int start = at;
        skipStringBody();
        int length = at - 1 - start;
        if (next() != ':') {
            throw new Malformed("expected ':'");
        }
        for (int i = 0; i < names.length; i++) {
            byte[] name = names[i];
            if (name.length == length && java.util.Arrays.equals(json, start, start + length, name, 0, length)) {
                return i;
            }
        }
        return -1;
    }

    /** Moves past the opening bracket of the array at the cursor. */
    public void enterArray() {
        if (next() != '[') {
            throw new Malformed("expected an array");
        }
    }

    /** @return whether another element follows (the cursor is then at it), false at the array's end */
    public boolean nextElement() {
        byte c = peekValue();
        if (c == ']') {
            at++;
            return false;
        }
        if (c == ',') {
            at++;
            if (peekValue() == ']') {
                throw new Malformed("trailing comma");
            }
        }
        return true;
    }

    /** The kind of the value at the cursor: '"', '{', '[', 't', 'f', 'n' or a number's first char. */
    public byte peekValue() {
        skipWhitespace();
        if (at >= end) {
            throw new Malformed("unexpected end");
        }
        return json[at];
    }

    public String string() {
        if (next() != '"') {
            throw new Malformed("expected a string");
        }
        return stringBody();
    }

    /** Whether the string at the cursor is non-empty; skips it without decoding it. */
    public boolean nonEmptyString() {
        if (next() != '"') {
            throw new Malformed("expected a string");
        }
        int start = at;
        skipStringBody();
        return at - start > 1;
    }

    public boolean bool() {
        byte c = peekValue();
        skipValue();
        return c == 't';
    }

    public long number() {
        skipWhitespace();
        int start = at;
        skipValue();
        String text = new String(json, start, at - start, StandardCharsets.US_ASCII).trim();
        try {
            return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0
                    ? Long.parseLong(text) : (long) Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new Malformed("expected a number");
        }
    }

    public void skipValue() {
        byte c = peekValue();
        if (c == '"') {
            at++;
            skipStringBody();
            return;
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            do {
                c = json[at++];
                if (c == '"') {
                    skipStringBody();
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
            } while (depth > 0 && at < end);
            if (depth != 0) {
                throw new Malformed("unbalanced brackets");
            }
            return;
        }
        int start = at;
        while (at < end && json[at] != ',' && json[at] != '}' && json[at] != ']' && !isWhitespace(json[at])) {
            at++;
        }
        if (at == start) {
            throw new Malformed("expected a value");
        }
        if (!scalar(start, at)) {
            throw new Malformed("unexpected character");
        }
    }

    /** A number, {@code true}, {@code false} or {@code null} (not NaN, Infinity or other words). */
    private boolean scalar(int from, int to) {
        byte first = json[from];
        if (first == 't') {
            return word(from, to, "true");
        }
        if (first == 'f') {
            return word(from, to, "false");
        }
        if (first == 'n') {
            return word(from, to, "null");
        }
        int digit = first == '-' ? from + 1 : from;
        if (digit >= to || json[digit] < '0' || json[digit] > '9') {
            return false;
        }
        for (int i = digit; i < to; i++) {
            byte c = json[i];
            if (!(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private boolean word(int from, int to, String word) {
        if (to - from != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (json[from + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Index of the next byte to read: after {@link #peekValue()} the value's first byte, after {@link #skipValue()} past it. */
    public int position() {
        return at;
    }

    /** Whether only whitespace is left. */
    public boolean atEnd() {
        skipWhitespace();
        return at >= end;
    }

    private String stringBody() {
        int start = at;
        boolean escaped = false;
        while (true) {
            if (at >= end) {
                throw new Malformed("unterminated string");
            }
            byte c = json[at++];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                escaped = true;
                at++;
            }
        }
        String raw = new String(json, start, at - 1 - start, StandardCharsets.UTF_8);
        return escaped ? unescape(raw) : raw;
    }

    private void skipStringBody() {
        while (true) {
            if (at >= end) {
                throw new Malformed("unterminated string");
            }
            byte c = json[at++];
            if (c == '"') {
                return;
            }
            if (c == '\\') {
                at++;
            }
        }
    }

    private static String unescape(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 >= raw.length()) {
                out.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    try {
                        out.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException | StringIndexOutOfBoundsException bad) {
                        throw new Malformed("bad unicode escape");
                    }
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    private byte next() {
        skipWhitespace();
        if (at >= end) {
            throw new Malformed("unexpected end");
        }
        return json[at++];
    }

    private void skipWhitespace() {
        while (at < end && isWhitespace(json[at])) {
            at++;
        }
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
