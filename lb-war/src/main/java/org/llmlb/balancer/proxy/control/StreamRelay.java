package org.llmlb.balancer.proxy.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.llmlb.client.sse.SseEvent;
import org.llmlb.client.sse.SseParser;
import org.llmlb.wire.StreamChunk;
import org.llmlb.wire.Usage;

/**
 * Relays one upstream's Server-Sent Events to the client event by event. The response commits
 * on the first event with content: a preamble before it (the role-only or empty first chunk,
 * comments) is held back, so an upstream that fails before any content can still be replaced
 * by the next endpoint and the client sees one clean stream. Counts tokens on the way and
 * hides the usage-only chunk when the balancer asked for it on the client's behalf.
 */
final class StreamRelay implements SseParser.Listener {

    /** Where the relay sends events; {@link #commit()} comes once, before the first event. */
    interface Output {
        void commit();

        void event(byte[] bytes);
    }

    static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;
    /** A preamble longer than this is not a preamble: commit and send it. */
    private static final int MAX_HELD_BYTES = 64 * 1024;

    private final Output output;
    private final boolean hideUsageChunk;
    private final SseParser parser = new SseParser(this, MAX_EVENT_BYTES);
    private List<byte[]> held = new ArrayList<>(2);
    private int heldBytes;
    private boolean committed;
    private Usage usage;
    private long outputDeltas;

    StreamRelay(Output output, boolean hideUsageChunk) {
        this.output = output;
        this.hideUsageChunk = hideUsageChunk;
    }

    void feed(ByteBuffer bytes) throws IOException {
        parser.feed(bytes);
    }

    /** The upstream ended the stream: a last unterminated event still goes out, and so does a lone preamble. */
    void finish() throws IOException {
        parser.finish();
        if (!committed) {
            commit();
        }
    }

    @Override
    public void event(SseEvent event) {
        StreamChunk chunk = event.chunk();
        if (chunk != null) {
            if (chunk.usage() != null) {
                usage = chunk.usage();
                if (hideUsageChunk && chunk.noChoices()) {
                    return;
                }
            }
            outputDeltas += chunk.outputDeltas();
        }
        byte[] bytes = event.copy();
        if (!committed) {
            boolean preamble = !event.hasData() || (chunk != null && !chunk.substantive());
            if (preamble && heldBytes + bytes.length <= MAX_HELD_BYTES) {
                held.add(bytes);
                heldBytes += bytes.length;
                return;
            }
            commit();
        }
        output.event(bytes);
    }

    private void commit() {
        committed = true;
        output.commit();
        for (byte[] h : held) {
            output.event(h);
        }
        held = null;
    }

    boolean committed() {
        return committed;
    }

    /** Usage the upstream reported, or null. */
    Usage usage() {
        return usage;
    }

    /** Output deltas by {@link StreamChunk}'s counting rule: the estimated completion tokens without usage. */
    long outputDeltas() {
        return outputDeltas;
    }
}
