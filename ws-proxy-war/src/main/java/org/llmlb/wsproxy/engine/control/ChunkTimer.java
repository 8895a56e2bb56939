package org.llmlb.wsproxy.engine.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.llmlb.client.sse.SseEvent;
import org.llmlb.client.sse.SseParser;
import org.llmlb.wire.StreamChunk;
import org.llmlb.wsproxy.engine.entity.RequestRecord;

/**
 * Turns one streamed answer into the request's timings. Fed with each piece of the body as the
 * client's I/O thread reads it, stamped with when it arrived, so every event cut from that piece
 * carries the reader's stamp, not a later parser's. Chunks are read without building their JSON.
 */
public final class ChunkTimer implements SseParser.Listener {

    private static final long[] NO_GAPS = new long[0];
    private static final int MAX_EVENT_BYTES = 1024 * 1024;

    private final long sentNanos;
    private final SseParser parser = new SseParser(this, MAX_EVENT_BYTES);
    /** The stamp of the piece being parsed. */
    private long now;
    private long ttft = -1;
    private long lastContent = -1;
    private long[] gaps = NO_GAPS;
    private int gapCount;
    /** Output deltas by {@link StreamChunk}'s counting rule: the output tokens when no usage comes. */
    private long outputDeltas;
    private long usageTokens = -1;
    private long usagePromptTokens = -1;
    /** Null unless the answer's text is wanted (a conversation's next turn carries it). */
    private AnswerText text;

    public ChunkTimer(long sentNanos) {
        this.sentNanos = sentNanos;
    }

    /** Keeps the answer's text from now on. */
    public void keepText() {
        text = new AnswerText();
    }

    /** The answer's text when {@link #keepText()} was called, else null. */
    public String text() {
        return text == null ? null : text.text();
    }

    /** The answer's usage {@code prompt_tokens}; negative without usage. */
    public long usagePromptTokens() {
        return usagePromptTokens;
    }

    /** A whole non-streamed answer: its text, when kept. */
    void whole(byte[] body, int length) {
        if (text != null) {
            text.whole(body, length);
        }
    }

    /** A piece of the event stream and the {@link System#nanoTime()} at which it was read. */
    public void read(ByteBuffer bytes, long nanos) throws IOException {
        now = nanos;
        parser.feed(bytes);
    }

    /** The stream ended at {@code nanos}: a last event without its blank line still counts. */
    public void end(long nanos) throws IOException {
        now = nanos;
        parser.finish();
    }

    @Override
    public void event(SseEvent event) {
        StreamChunk chunk = event.chunk();
        if (chunk != null) {
            chunk(chunk, now);
            if (text != null && chunk.outputDeltas() > 0) {
                text.chunk(event.data());
            }
        }
    }

    /**
     * One chunk (or a whole answer, whose choices carry a message rather than a delta): TTFT is
     * the first with non-empty choices, ITL every gap between chunks with output.
     */
    public void chunk(StreamChunk chunk, long nanos) {
        if (chunk.usage() != null) {
            usageTokens = chunk.usage().completionTokens();
            usagePromptTokens = chunk.usage().promptTokens();
        }
        if (chunk.noChoices()) {
            return;
        }
        if (ttft < 0) {
            ttft = nanos - sentNanos;
        }
        if (chunk.outputDeltas() > 0) {
            outputDeltas += chunk.outputDeltas();
            if (lastContent >= 0) {
                gap(nanos - lastContent);
            }
            lastContent = nanos;
        }
    }

    public RequestRecord finish(int status, long endNanos) {
        boolean estimated = usageTokens < 0;
        long tokens = estimated ? outputDeltas : usageTokens;
        return new RequestRecord(status, false, ttft, endNanos - sentNanos, Arrays.copyOf(gaps, gapCount), tokens,
                estimated);
    }

    private void gap(long nanos) {
        if (gapCount == gaps.length) {
            gaps = Arrays.copyOf(gaps, Math.max(16, gaps.length * 2));
        }
        gaps[gapCount++] = nanos;
    }
}
