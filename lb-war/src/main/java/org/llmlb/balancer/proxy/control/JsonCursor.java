package org.llmlb.balancer.proxy.control;

import java.nio.charset.StandardCharsets;

/**
 * Walks the top level of a JSON object in a byte array, reading the few members the proxy needs
 * and skipping the rest (messages, embeddings) without building them. Not a validator: nested
 * values are skipped by their brackets and quotes only; the upstream judges the full body.
 */
final class JsonCursor {

    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] json;
    private int at;

    JsonCursor(byte[] json) {
        this.json = json;
    }

    /** Moves past the opening brace of the top-level object. */
    void enterObject() {
        if (next() != '{') {
            throw new Malformed("expected an object");
        }
    }

    /** @return the next member's name, or null at the end of the object */
    String nextKey() {
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

    /** The kind of the value at the cursor: '"', '{', '[', 't', 'f', 'n' or a number's first char. */
    byte peekValue() {
        skipWhitespace();
        if (at >= json.length) {
            throw new Malformed("unexpected end");
        }
        return json[at];
    }

    String string() {
        if (next() != '"') {
            throw new Malformed("expected a string");
        }
        return stringBody();
    }

    boolean bool() {
        byte c = peekValue();
        skipValue();
        return c == 't';
    }

    long number() {
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

    void skipValue() {
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
            } while (depth > 0 && at < json.length);
            if (depth != 0) {
                throw new Malformed("unbalanced brackets");
            }
            return;
        }
        int start = at;
        while (at < json.length && json[at] != ',' && json[at] != '}' && json[at] != ']'
                && !isWhitespace(json[at])) {
            at++;
        }
        if (at == start) {
            throw new Malformed("expected a value");
        }
        byte first = json[start];
        if (!(first == '-' || (first >= '0' && first <= '9') || first == 't' || first == 'f' || first == 'n')) {
            throw new Malformed("unexpected character");
        }
    }

    private String stringBody() {
        int start = at;
        boolean escaped = false;
        while (true) {
            if (at >= json.length) {
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
            if (at >= json.length) {
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

    /** Whether only whitespace is left. */
    boolean atEnd() {
        skipWhitespace();
        return at >= json.length;
    }

    private byte next() {
        skipWhitespace();
        if (at >= json.length) {
            throw new Malformed("unexpected end");
        }
        return json[at++];
    }

    private void skipWhitespace() {
        while (at < json.length && isWhitespace(json[at])) {
            at++;
        }
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
