package org.llmlb.client.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.llmlb.wire.StreamChunk;

/**
 * One Server-Sent Event as {@link SseParser} hands it over: its lines with LF endings and the
 * closing blank line, and its {@code data} field. A view into the parser's buffer, valid only
 * during the callback: copy what must outlive it ({@link #copy()}).
 */
public final class SseEvent {

    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private byte[] buffer;
    private int length;
    private byte[] data;
    private int dataOffset;
    private int dataLength = -1;

    void set(byte[] buffer, int length, byte[] data, int dataOffset, int dataLength) {
        this.buffer = buffer;
        this.length = length;
        this.data = data;
        this.dataOffset = dataOffset;
        this.dataLength = dataLength;
    }

    /** The event as it goes on the wire, ending in a blank line. */
    public byte[] copy() {
        return Arrays.copyOf(buffer, length);
    }

    public byte[] buffer() {
        return buffer;
    }

    public int length() {
        return length;
    }

    /** Whether the event has a {@code data} field (a comment-only event has none). */
    public boolean hasData() {
        return dataLength >= 0;
    }

    public boolean isDone() {
        return dataLength == DONE.length && Arrays.equals(data, dataOffset, dataOffset + dataLength, DONE, 0, DONE.length);
    }

    /** The chunk in the data field, read without building its JSON; null without data or for {@code [DONE]}. */
    public StreamChunk chunk() {
        return !hasData() || isDone() ? null : StreamChunk.scan(data, dataOffset, dataLength);
    }

    public String data() {
        return hasData() ? new String(data, dataOffset, dataLength, StandardCharsets.UTF_8) : null;
    }
}
