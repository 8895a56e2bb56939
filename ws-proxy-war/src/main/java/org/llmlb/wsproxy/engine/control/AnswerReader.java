package org.llmlb.wsproxy.engine.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import org.llmlb.client.http.Exchange;
import org.llmlb.client.http.ResponseHead;
import org.llmlb.client.http.ResponseListener;
import org.llmlb.wire.StreamChunk;
import org.llmlb.wsproxy.engine.entity.RequestRecord;

/**
 * Reads one answer on the client's I/O thread and reports its record once: when the answer ends,
 * fails or times out, whichever comes first. Nothing is reported for an answer that was
 * {@linkplain #abandon() abandoned} (a stopped run). Every piece is stamped as it is handed over.
 */
final class AnswerReader implements ResponseListener {

    /** Hears of the request's record, on an I/O thread or on the thread that timed it out. */
    interface Done {
        void answered(AnswerReader reader, RequestRecord record);
    }

    /** A non-streamed answer or an error body is kept up to this size; the rest is counted, not kept. */
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final boolean stream;
    private final long sentNanos;
    private final long sentAtMillis;
    private final Done done;
    private final AtomicBoolean over = new AtomicBoolean();
    private final ChunkTimer timer;
    private Exchange exchange;
    private ResponseHead head;
    private byte[] body = new byte[0];
    private int bodyLength;
    private long promptEstimate;
    private int turn = 1;

    AnswerReader(boolean stream, long sentNanos, long sentAtMillis, Done done) {
        this.stream = stream;
        this.sentNanos = sentNanos;
        this.sentAtMillis = sentAtMillis;
        this.done = done;
        this.timer = new ChunkTimer(sentNanos);
    }

    /**
     * What was sent: the prompt's estimated size (for the record when no usage comes), the turn
     * in its conversation, and whether the answer's text is wanted (for a next turn).
     */
    void prompt(long estimate, int turn, boolean keepText) {
        this.promptEstimate = estimate;
        this.turn = turn;
        if (keepText) {
            timer.keepText();
        }
    }

    /** The answer's text once it has ended, if it was kept; else null. */
    String text() {
        return timer.text();
    }

    void exchange(Exchange exchange) {
        this.exchange = exchange;
    }

    /** Sends the request: on a kept-alive connection from this thread, else once connected. */
    void start() {
        exchange.start();
    }

    long sentNanos() {
        return sentNanos;
    }

    @Override
    public void head(ResponseHead head) {
        this.head = head;
    }

    @Override
    public void content(ByteBuffer content) {
        long now = System.nanoTime();
        if (stream && ok()) {
            try {
                timer.read(content, now);
            } catch (IOException tooLarge) {
                exchange.cancel();
                report(RequestRecord.failed(head.status(), now - sentNanos, "event_too_large",
                        "a stream event was larger than the engine reads"));
            }
            return;
        }
        keep(content);
    }

    @Override
    public void end() {
        long now = System.nanoTime();
        if (!ok()) {
            ErrorText error = ErrorText.of(head.status(), body, bodyLength);
            report(RequestRecord.failed(head.status(), now - sentNanos, error.code(), error.message())
                    .servedBy(head.header("x-lb-endpoint"), head.header("x-lb-cache")));
            return;
        }
        if (stream) {
            try {
                timer.end(now);
            } catch (IOException tooLarge) {
                report(RequestRecord.failed(head.status(), now - sentNanos, "event_too_large",
                        "a stream event was larger than the engine reads"));
                return;
            }
        } else {
            // a whole answer reads like one chunk whose choices carry a message, not a delta
            timer.chunk(StreamChunk.scan(body, 0, bodyLength), now);
            timer.whole(body, bodyLength);
        }
        report(timer.finish(head.status(), now).servedBy(head.header("x-lb-endpoint"), head.header("x-lb-cache")));
    }

    @Override
    public void failed(Throwable error) {
        report(ErrorText.failure(error, System.nanoTime() - sentNanos));
    }

    /** Gives up after {@code limit}: the connection is closed and the request counts as an error. */
    void timeOut(long nowNanos) {
        if (over.compareAndSet(false, true)) {
            exchange.cancel();
            done.answered(this, RequestRecord.failed(head == null ? 0 : head.status(), nowNanos - sentNanos, "timeout",
                    "no complete answer within the engine's request timeout").sentAt(sentAtMillis)
                    .prompt(-1, promptEstimate, turn));
        }
    }

    /** The run stopped: the connection is closed and nothing is reported; false when the answer was already in. */
    boolean abandon() {
        if (over.compareAndSet(false, true)) {
            exchange.cancel();
            return true;
        }
        return false;
    }

    private boolean ok() {
        return head != null && head.status() / 100 == 2;
    }

    private void report(RequestRecord record) {
        if (over.compareAndSet(false, true)) {
            done.answered(this, record.sentAt(sentAtMillis).prompt(timer.usagePromptTokens(), promptEstimate, turn));
        }
    }

    private void keep(ByteBuffer content) {
        int room = MAX_BODY_BYTES - bodyLength;
        int n = Math.min(room, content.remaining());
        if (n <= 0) {
            return;
        }
        if (bodyLength + n > body.length) {
            long expected = head == null ? -1 : head.contentLength();
            int size = expected > 0 && expected <= MAX_BODY_BYTES ? (int) expected
                    : Math.min(MAX_BODY_BYTES, Math.max(bodyLength + n, body.length * 2));
            body = Arrays.copyOf(body, Math.max(size, bodyLength + n));
        }
        content.get(body, bodyLength, n);
        bodyLength += n;
    }
}
