package org.llmlb.balancer.proxy.control;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.llmlb.balancer.problems.control.ProblemException;

/**
 * The client side of a proxied request without a servlet container: records what the hot path
 * writes, and lets a test play a client that stops reading ({@link #stall()}), reads again
 * ({@link #drain()}) or hangs up ({@link #hangUp()}).
 */
final class FakeDownstream implements Downstream {

    final Mailbox mailbox = new Mailbox();
    final CompletableFuture<String> ended = new CompletableFuture<>();
    final List<String> writes = new CopyOnWriteArrayList<>();
    final List<Long> writeTimes = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final AtomicBoolean ready = new AtomicBoolean(true);
    private final long connectionKey;
    private Events events;
    volatile int status;
    volatile String endpoint;
    volatile String contentType;
    volatile long overheadNanos = -1;
    volatile ProblemException problem;
    volatile boolean committed;
    volatile boolean abandoned;

    FakeDownstream() {
        this(0);
    }

    FakeDownstream(long connectionKey) {
        this.connectionKey = connectionKey;
    }

    @Override
    public Mailbox mailbox() {
        return mailbox;
    }

    @Override
    public void listen(Events listener) {
        this.events = listener;
    }

    @Override
    public void commit(int code, String type, String name, long overhead, long contentLength) {
        committed = true;
        status = code;
        contentType = type;
        endpoint = name;
        overheadNanos = overhead;
    }

    @Override
    public boolean committed() {
        return committed;
    }

    @Override
    public boolean ready() {
        return ready.get();
    }

    @Override
    public boolean write(byte[] bytes) {
        if (!ready.get()) {
            throw new IllegalStateException("write while not ready");
        }
        synchronized (body) {
            body.write(bytes, 0, bytes.length);
        }
        writes.add(new String(bytes, StandardCharsets.UTF_8));
        writeTimes.add(System.nanoTime());
        return ready.get();
    }

    @Override
    public boolean flush() {
        return ready.get();
    }

    @Override
    public void fail(ProblemException failure) {
        committed = true;
        problem = failure;
        status = failure.problem.status;
        ended.complete("failed");
    }

    @Override
    public void complete() {
        ended.complete("completed");
    }

    @Override
    public void abandon() {
        abandoned = true;
        ended.complete("abandoned");
    }

    @Override
    public long connectionKey() {
        return connectionKey;
    }

    /** The client stops taking data: the next write is the last until {@link #drain()}. */
    void stall() {
        ready.set(false);
    }

    /** The client reads again. */
    void drain() {
        ready.set(true);
        mailbox.execute(() -> events.writable());
    }

    void hangUp() {
        mailbox.execute(() -> events.gone());
    }

    String body() {
        synchronized (body) {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    int bodyLength() {
        synchronized (body) {
            return body.size();
        }
    }

    String awaitEnd() throws Exception {
        return ended.get(10, TimeUnit.SECONDS);
    }
}
