package org.llmlb.wsproxy.engine.control;

import java.io.StringReader;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import org.llmlb.wsproxy.engine.entity.RequestRecord;

/**
 * Turns the SSE lines of one streamed answer, each stamped with when it arrived, into the
 * request's timings. Fed line by line as they are read, so the stamps are the reader's, not a
 * parser's.
 */
public final class ChunkTimer {

    private static final long[] NO_GAPS = new long[0];

    private final long sentNanos;
    private long ttft = -1;
    private long lastContent = -1;
    private long[] gaps = NO_GAPS;
    private int gapCount;
    private long contentChunks;
    private long usageTokens = -1;

    public ChunkTimer(long sentNanos) {
        this.sentNanos = sentNanos;
    }

    /** One line of the event stream and the {@link System#nanoTime()} at which it was read. */
    public void line(String line, long nanos) {
        if (!line.startsWith("data:")) {
            return;
        }
        String data = line.substring(5).trim();
        if (data.isEmpty() || data.equals("[DONE]")) {
            return;
        }
        JsonObject chunk;
        try {
            chunk = Json.createReader(new StringReader(data)).readObject();
        } catch (JsonParsingException | ClassCastException notAChunk) {
            return;
        }
        JsonValue usage = chunk.get("usage");
        if (usage instanceof JsonObject u && u.get("completion_tokens") instanceof jakarta.json.JsonNumber n) {
            usageTokens = n.longValue();
        }
        JsonValue choices = chunk.get("choices");
        if (!(choices instanceof JsonArray array) || array.isEmpty()) {
            return;
        }
        if (ttft < 0) {
            ttft = nanos - sentNanos;
        }
        if (hasContent(array)) {
            contentChunks++;
            if (lastContent >= 0) {
                gap(nanos - lastContent);
            }
            lastContent = nanos;
        }
    }

    public RequestRecord finish(int status, long endNanos) {
        boolean estimated = usageTokens < 0;
        long tokens = estimated ? contentChunks : usageTokens;
        long[] itl = java.util.Arrays.copyOf(gaps, gapCount);
        return new RequestRecord(status, false, ttft, endNanos - sentNanos, itl, tokens, estimated);
    }

    private static boolean hasContent(JsonArray choices) {
        for (JsonValue choice : choices) {
            if (choice instanceof JsonObject c && c.get("delta") instanceof JsonObject delta
                    && delta.get("content") instanceof jakarta.json.JsonString s && !s.getString().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void gap(long nanos) {
        if (gapCount == gaps.length) {
            gaps = java.util.Arrays.copyOf(gaps, Math.max(16, gaps.length * 2));
        }
        gaps[gapCount++] = nanos;
    }
}
