package org.llmlb.client.sse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Cuts a Server-Sent Events byte stream into events as the bytes arrive, push-style: feed it
 * whatever the network delivered, it calls the listener once per complete event. LF, CRLF and
 * CR end a line, as the SSE format says, also when a CRLF is split between two reads; lines are
 * passed on with LF endings. Nothing is decoded: the data field is handed over as bytes.
 */
public final class SseParser {

    /** Receives each complete event; the event is only valid during the call. */
    public interface Listener {
        void event(SseEvent event) throws IOException;
    }

    /** An upstream sent an event larger than the parser takes. */
    public static final class EventTooLarge extends IOException {
        EventTooLarge(int limit) {
            super("stream event larger than " + limit + " bytes");
        }
    }

    private final Listener listener;
    private final int maxEventBytes;
    private final SseEvent event = new SseEvent();
    private byte[] buffer = new byte[512];
    private int length;
    private int lineStart;
    private boolean lastWasCr;
    private int dataOffset;
    private int dataLength = -1;
    /** Two or more data lines, joined with LF as the format says; null for the usual single line. */
    private byte[] joinedData;

    public SseParser(Listener listener, int maxEventBytes) {
        this.listener = listener;
        this.maxEventBytes = maxEventBytes;
    }

    public void feed(ByteBuffer bytes) throws IOException {
        if (bytes.hasArray()) {
            int start = bytes.arrayOffset() + bytes.position();
            feed(bytes.array(), start, bytes.remaining());
            bytes.position(bytes.limit());
            return;
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        feed(copy, 0, copy.length);
    }

    public void feed(byte[] bytes, int offset, int count) throws IOException {
        int at = offset;
        int end = offset + count;
        while (at < end) {
            if (lastWasCr) {
                lastWasCr = false;
                if (bytes[at] == '\n') {
                    at++;
                    continue;
                }
            }
            int run = at;
            while (run < end && bytes[run] != '\n' && bytes[run] != '\r') {
                run++;
            }
            append(bytes, at, run - at);
            if (run == end) {
                return;
            }
            lastWasCr = bytes[run] == '\r';
            at = run + 1;
            endOfLine();
        }
    }

    /** The stream ended: a last event without its blank line still goes out. */
    public void finish() throws IOException {
        if (length > lineStart) {
            endOfLine();
        }
        if (length > 0) {
            dispatch();
        }
    }

    private void endOfLine() throws IOException {
        int lineLength = length - lineStart;
        if (lineLength == 0) {
            if (length > 0) {
                dispatch();
            }
            return;
        }
        if (startsWithData()) {
            int value = lineStart + 5;
            if (value < length && buffer[value] == ' ') {
                value++;
            }
            data(value, length - value);
        }
        append((byte) '\n');
        lineStart = length;
    }

    private boolean startsWithData() {
        return length - lineStart >= 5 && buffer[lineStart] == 'd' && buffer[lineStart + 1] == 'a'
                && buffer[lineStart + 2] == 't' && buffer[lineStart + 3] == 'a' && buffer[lineStart + 4] == ':';
    }

    private void data(int offset, int count) {
        if (dataLength < 0) {
            dataOffset = offset;
            dataLength = count;
            return;
        }
        byte[] previous = joinedData != null ? joinedData : Arrays.copyOfRange(buffer, dataOffset, dataOffset + dataLength);
        byte[] joined = Arrays.copyOf(previous, previous.length + 1 + count);
        joined[previous.length] = '\n';
        System.arraycopy(buffer, offset, joined, previous.length + 1, count);
        joinedData = joined;
        dataLength = joined.length;
    }

    private void dispatch() throws IOException {
        append((byte) '\n');
        if (joinedData != null) {
            event.set(buffer, length, joinedData, 0, joinedData.length);
        } else {
            event.set(buffer, length, buffer, dataOffset, dataLength);
        }
        length = 0;
        lineStart = 0;
        dataLength = -1;
        joinedData = null;
        listener.event(event);
    }

    private void append(byte[] bytes, int offset, int count) throws EventTooLarge {
        ensure(count);
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
    }

    private void append(byte b) throws EventTooLarge {
        ensure(1);
        buffer[length++] = b;
    }

    private void ensure(int more) throws EventTooLarge {
        int needed = length + more;
        if (needed > maxEventBytes) {
            throw new EventTooLarge(maxEventBytes);
        }
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(maxEventBytes, Math.max(needed, buffer.length * 2)));
        }
    }
}
