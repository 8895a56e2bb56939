package org.llmlb.balancer.proxy.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Relays a Server-Sent Events stream line by line: each event goes to the client and is flushed
 * as soon as its blank line arrives. Counts tokens on the way and hides the usage-only chunk
 * when the balancer asked for it on the client's behalf.
 */
final class SseRelay {

    /** Where the relay sends events; the first write commits the response. */
    interface Sink {
        void commit();

        void write(byte[] bytes) throws IOException;
    }

    /** The client stopped reading; the relay stopped too. */
    static final class ClientGone extends IOException {
        ClientGone(Throwable cause) {
            super("client went away", cause);
        }
    }

    private final Sink sink;
    private final boolean hideUsageChunk;
    private final StringBuilder event = new StringBuilder(256);
    private boolean committed;
    private String data;
    private Usage usage;
    private long contentDeltas;

    SseRelay(Sink sink, boolean hideUsageChunk) {
        this.sink = sink;
        this.hideUsageChunk = hideUsageChunk;
    }

    void line(String line) throws ClientGone {
        if (line.isEmpty()) {
            if (event.length() > 0) {
                dispatch();
            }
            return;
        }
        if (line.startsWith("data:")) {
            data = line.length() > 5 && line.charAt(5) == ' ' ? line.substring(6) : line.substring(5);
        }
        event.append(line).append('\n');
    }

    /** The upstream finished the stream; an unterminated last event still goes out. */
    void end() throws ClientGone {
        if (event.length() > 0) {
            dispatch();
        }
    }

    private void dispatch() throws ClientGone {
        boolean forward = true;
        if (data != null && !"[DONE]".equals(data)) {
            StreamChunk chunk = StreamChunk.parse(data);
            if (chunk.usage() != null) {
                usage = chunk.usage();
                forward = !(hideUsageChunk && chunk.noChoices());
            }
            contentDeltas += chunk.contentDeltas();
        }
        event.append('\n');
        byte[] bytes = forward ? event.toString().getBytes(StandardCharsets.UTF_8) : null;
        event.setLength(0);
        data = null;
        if (bytes == null) {
            return;
        }
        try {
            if (!committed) {
                sink.commit();
                committed = true;
            }
            sink.write(bytes);
        } catch (IOException | IllegalStateException e) {
            throw new ClientGone(e);
        }
    }

    boolean committed() {
        return committed;
    }

    /** Usage the upstream reported, or null. */
    Usage usage() {
        return usage;
    }

    long contentDeltas() {
        return contentDeltas;
    }
}
