package org.llmlb.bench.clients;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closed-loop load: N virtual users, each starts its next exchange when the previous one ended.
 * The next exchange is posted from one harness thread ("starter"), not from inside the library's
 * callback: that is how the balancer uses a client (a container thread calls post) and it lets
 * the library return the connection to its pool before it is asked for one again. The starter is
 * the same for every candidate. Every response is checked: status 200 and the expected length.
 */
final class Load {
    final StreamingClient client;
    final URI uri;
    final Map<String, String> headers;
    final byte[] body;
    final long expectedBytes;
    final ScheduledThreadPoolExecutor starter;

    volatile boolean running = true;
    volatile Window window;
    final AtomicInteger active = new AtomicInteger();
    final AtomicReference<String> firstError = new AtomicReference<>();
    final Map<String, LongAdder> callbackThreads = new ConcurrentHashMap<>();
    private final AtomicInteger sample = new AtomicInteger();

    /** Counters of one measurement window; swap {@link #window} to start a new one. */
    static final class Window {
        final Histogram hist = new Histogram();
        final LongAdder ok = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder bytes = new LongAdder();
    }

    Load(StreamingClient client, URI uri, Map<String, String> headers, byte[] body, long expectedBytes) {
        this.client = client;
        this.uri = uri;
        this.headers = headers;
        this.body = body;
        this.expectedBytes = expectedBytes;
        this.window = new Window();
        this.starter = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "harness-starter");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts {@code n} users, {@code batch} at a time every {@code gapMs}. */
    void start(int n, int batch, long gapMs) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            active.incrementAndGet();
            starter.execute(() -> new Req().go());
            if (batch > 0 && (i + 1) % batch == 0 && gapMs > 0) {
                Thread.sleep(gapMs);
            }
        }
    }

    Window swap() {
        Window w = window;
        window = new Window();
        return w;
    }

    void stop() {
        running = false;
    }

    private void noteThread() {
        if ((sample.incrementAndGet() & 255) == 0) {
            String n = Thread.currentThread().getName().replaceAll("[-@]?[0-9a-f]*[0-9][0-9a-f]*$", "-N");
            callbackThreads.computeIfAbsent(n, k -> new LongAdder()).increment();
        }
    }

    final class Req implements StreamingClient.Listener {
        private long t0;
        private int status;
        private long bytes;
        private volatile StreamingClient.Exchange ex;

        void go() {
            if (!running) {
                active.decrementAndGet();
                return;
            }
            t0 = System.nanoTime();
            try {
                StreamingClient.Exchange e = client.post(uri, headers, body, this);
                ex = e;
                e.demand();
            } catch (Throwable t) {
                onFailure(t);
            }
        }

        @Override
        public void onHead(int status, Map<String, List<String>> h) {
            this.status = status;
        }

        @Override
        public void onData(ByteBuffer data) {
            bytes += data.remaining();
            data.position(data.limit());
            noteThread();
            ex.demand();
        }

        @Override
        public void onEnd() {
            long dt = System.nanoTime() - t0;
            Window w = window;
            if (status == 200 && (expectedBytes < 0 || bytes == expectedBytes)) {
                w.ok.increment();
                w.hist.recordNanos(dt);
                w.bytes.add(bytes);
            } else {
                w.errors.increment();
                firstError.compareAndSet(null, "status " + status + ", " + bytes + " bytes (expected "
                        + expectedBytes + ")");
            }
            starter.execute(() -> new Req().go());
        }

        @Override
        public void onFailure(Throwable failure) {
            window.errors.increment();
            firstError.compareAndSet(null, String.valueOf(failure));
            starter.schedule(() -> new Req().go(), 20, TimeUnit.MILLISECONDS);   // no hot loop on errors
        }
    }
}
