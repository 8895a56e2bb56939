package org.llmlb.balancer.proxy.control;

import java.nio.charset.StandardCharsets;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;
import org.llmlb.wire.Json;
import org.llmlb.wire.JsonCursor;

/**
 * What routing and accounting need from a request body, read without building the messages.
 * The body itself goes upstream unchanged, except that a stream gets
 * {@code stream_options.include_usage} when the client did not ask for it.
 */
public record OpenAiRequest(String model, boolean stream, boolean clientWantsUsage, long maxTokens,
                            boolean hasStreamOptions, String user, int promptStart, int promptEnd) {

    public OpenAiRequest(String model, boolean stream, boolean clientWantsUsage, long maxTokens, boolean hasStreamOptions) {
        this(model, stream, clientWantsUsage, maxTokens, hasStreamOptions, null, 0, 0);
    }

    private static final byte[] USAGE_OPTION =
            "\"stream_options\":{\"include_usage\":true}".getBytes(StandardCharsets.US_ASCII);

    public static OpenAiRequest parse(byte[] body) {
        String model = null;
        boolean stream = false;
        boolean wantsUsage = false;
        boolean hasStreamOptions = false;
        long maxTokens = 0;
        String user = null;
        int promptStart = 0;
        int promptEnd = 0;
        JsonCursor json = new JsonCursor(body);
        int seen = 0;
        try {
            json.enterObject();
            String key;
            while ((key = json.nextKey()) != null) {
                byte kind = json.peekValue();
                switch (key) {
                    case "model" -> {
                        seen = once(seen, SEEN_MODEL, key);
                        if (kind == '"') {
                            model = json.string();
                        } else if (kind == 'n') {
                            json.skipValue();
                        } else {
                            throw invalid("'model' must be a string");
                        }
                    }
                    case "stream" -> {
                        seen = once(seen, SEEN_STREAM, key);
                        if (kind != 't' && kind != 'f' && kind != 'n') {
                            throw invalid("'stream' must be a boolean");
                        }
                        stream = json.bool();
                    }
                    case "max_tokens", "max_completion_tokens" -> {
                        if (kind == '-' || (kind >= '0' && kind <= '9')) {
                            maxTokens = json.number();
                        } else {
                            json.skipValue();
                        }
                    }
                    case "stream_options" -> {
                        seen = once(seen, SEEN_STREAM_OPTIONS, key);
                        hasStreamOptions = true;
                        wantsUsage = kind == '{' ? includeUsage(json) : skip(json);
                    }
                    case "user" -> {
                        if (kind == '"') {
                            user = json.string();
                        } else {
                            json.skipValue();
                        }
                    }
                    case "messages", "prompt" -> {
                        // where the conversation is, for prefix affinity: its bytes, not its parse
                        promptStart = json.position();
                        json.skipValue();
                        promptEnd = json.position();
                    }
                    default -> json.skipValue();
                }
            }
            if (!json.atEnd()) {
                throw invalid("The request body is not valid JSON");
            }
        } catch (JsonCursor.Malformed | ArrayIndexOutOfBoundsException malformed) {
            throw invalid("The request body is not valid JSON");
        }
        return new OpenAiRequest(model, stream, wantsUsage, maxTokens, hasStreamOptions, user, promptStart, promptEnd);
    }

    private static final int SEEN_MODEL = 1;
    private static final int SEEN_STREAM = 2;
    private static final int SEEN_STREAM_OPTIONS = 4;

    /**
     * A key the balancer routes or accounts by may come once: with two, the balancer and the
     * endpoint could each read a different one (parsers differ on which wins).
     */
    private static int once(int seen, int flag, String key) {
        if ((seen & flag) != 0) {
            throw invalid("'" + key + "' is given twice");
        }
        return seen | flag;
    }

    private static boolean includeUsage(JsonCursor json) {
        boolean include = false;
        json.enterObject();
        String key;
        while ((key = json.nextKey()) != null) {
            if (key.equals("include_usage")) {
                include = json.peekValue() == 't';
            }
            json.skipValue();
        }
        return include;
    }

    private static boolean skip(JsonCursor json) {
        json.skipValue();
        return false;
    }

    private static ProblemException invalid(String message) {
        return new ProblemException(Problem.INVALID_REQUEST, message);
    }

    /** Whether the balancer adds {@code include_usage} and must hide the extra usage chunk. */
    public boolean injectsUsage() {
        return stream && !clientWantsUsage;
    }

    /** Rough token count to reserve for routing while the request runs. */
    public long estimatedTokens(int bodyBytes) {
        return bodyBytes / 4 + (maxTokens > 0 ? Math.min(maxTokens, 4096) : 256);
    }

    public byte[] upstreamBody(byte[] body) {
        if (!injectsUsage()) {
            return body;
        }
        if (hasStreamOptions) {
            return rewriteStreamOptions(body);
        }
        int open = 0;
        while (body[open] != '{') {
            open++;
        }
        int next = open + 1;
        while (next < body.length && Character.isWhitespace(body[next])) {
            next++;
        }
        boolean empty = next < body.length && body[next] == '}';
        byte[] result = new byte[body.length + USAGE_OPTION.length + (empty ? 0 : 1)];
        System.arraycopy(body, 0, result, 0, open + 1);
        System.arraycopy(USAGE_OPTION, 0, result, open + 1, USAGE_OPTION.length);
        int at = open + 1 + USAGE_OPTION.length;
        if (!empty) {
            result[at++] = ',';
        }
        System.arraycopy(body, open + 1, result, at, body.length - open - 1);
        return result;
    }

    private static byte[] rewriteStreamOptions(byte[] body) {
        JsonObject original = Json.object(new String(body, StandardCharsets.UTF_8));
        var builder = Json.PROVIDER.createObjectBuilder(original);
        var options = original.get("stream_options") instanceof JsonObject o
                ? Json.PROVIDER.createObjectBuilder(o) : Json.PROVIDER.createObjectBuilder();
        builder.add("stream_options", options.add("include_usage", true));
        return builder.build().toString().getBytes(StandardCharsets.UTF_8);
    }
}
