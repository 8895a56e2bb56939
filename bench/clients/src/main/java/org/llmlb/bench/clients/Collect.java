package org.llmlb.bench.clients;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One exchange, kept whole: status, body (optional), the time each SSE event ("\n\n") completed,
 * and a demand switch for the back-pressure and cancel scenarios.
 */
final class Collect implements StreamingClient.Listener {
    final long t0 = System.nanoTime();
    final CountDownLatch done = new CountDownLatch(1);
    final List<Long> eventNanos = new ArrayList<>();    // since t0
    private final ByteArrayOutputStream bodyCopy;
    volatile StreamingClient.Exchange ex;
    volatile int status;
    volatile long bytes;
    volatile long dataCalls;
    volatile Throwable failure;
    volatile boolean ended;
    volatile long endNanos;
    /** Stop demanding once this many bytes arrived (back-pressure stall); Long.MAX_VALUE = never. */
    volatile long stallAfterBytes = Long.MAX_VALUE;
    volatile boolean stalled;
    volatile long dataAfterCancel;
    volatile boolean cancelled;
    private int lastByte = -1;

    Collect(boolean keepBody) {
        bodyCopy = keepBody ? new ByteArrayOutputStream() : null;
    }

    static Collect post(StreamingClient c, java.net.URI uri, Map<String, String> h, byte[] body, boolean keep) {
        Collect l = new Collect(keep);
        l.ex = c.post(uri, h, body, l);
        l.ex.demand();
        return l;
    }

    @Override
    public void onHead(int status, Map<String, List<String>> headers) {
        this.status = status;
    }

    @Override
    public void onData(ByteBuffer data) {
        if (cancelled) {
            dataAfterCancel++;
        }
        long now = System.nanoTime() - t0;
        int n = data.remaining();
        for (int i = data.position(); i < data.limit(); i++) {
            int b = data.get(i);
            if (b == '\n' && lastByte == '\n') {
                eventNanos.add(now);
            }
            lastByte = b;
        }
        if (bodyCopy != null) {
            byte[] tmp = new byte[n];
            data.get(tmp);
            bodyCopy.write(tmp, 0, n);
        } else {
            data.position(data.limit());
        }
        bytes += n;
        dataCalls++;
        if (bytes >= stallAfterBytes) {
            stalled = true;
            return;
        }
        ex.demand();
    }

    /** Ends a stall: from now on demand after every chunk again. */
    void resume() {
        stallAfterBytes = Long.MAX_VALUE;
        stalled = false;
        ex.demand();
    }

    @Override
    public void onEnd() {
        endNanos = System.nanoTime() - t0;
        ended = true;
        done.countDown();
    }

    @Override
    public void onFailure(Throwable f) {
        endNanos = System.nanoTime() - t0;
        failure = f;
        done.countDown();
    }

    boolean await(long ms) throws InterruptedException {
        return done.await(ms, TimeUnit.MILLISECONDS);
    }

    byte[] body() {
        return bodyCopy == null ? new byte[0] : bodyCopy.toByteArray();
    }

    boolean ok(long expectedBytes) {
        return ended && status == 200 && (expectedBytes < 0 || bytes == expectedBytes);
    }

    String describe() {
        return "status " + status + ", " + bytes + " bytes, ended " + ended + (failure != null ? ", " + failure : "");
    }
}
