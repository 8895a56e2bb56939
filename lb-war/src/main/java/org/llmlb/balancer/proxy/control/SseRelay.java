package org.llmlb.balancer.proxy.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;

/**
 * Relays a Server-Sent Events stream line by line: each event goes to the client and is flushed
 * as soon as its blank line arrives. Counts tokens on the way and hides the usage-only chunk
 * when the balancer asked for it on the client's behalf.
 */
final class SseRelay implements Flow.Subscriber<String> {

    /** Where the relay sends what it reads; implemented by one attempt of an exchange. */
    interface Sink {
        void commit();

        void write(byte[] bytes) throws IOException;

        void ended(Usage usage, long estimatedCompletion);

        void failed(Throwable error);

        void clientGone();
    }

    private final Sink sink;
    private final boolean hideUsageChunk;
    private final StringBuilder event = new StringBuilder(256);
    private volatile Flow.Subscription subscription;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile boolean committed;
    private volatile boolean cancelled;
    private String data;
    private Usage usage;
    private long contentDeltas;

    SseRelay(Sink sink, boolean hideUsageChunk) {
        this.sink = sink;
        this.hideUsageChunk = hideUsageChunk;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (cancelled) {
            subscription.cancel();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onNext(String line) {
        lastActivityNanos = System.nanoTime();
        if (line.isEmpty()) {
            if (event.length() > 0 && !dispatch()) {
                return;
            }
        } else {
            if (line.startsWith("data:")) {
                data = line.length() > 5 && line.charAt(5) == ' ' ? line.substring(6) : line.substring(5);
            }
            event.append(line).append('\n');
        }
        subscription.request(1);
    }

    /** @return false when the client is gone and the relay stopped */
    private boolean dispatch() {
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
            return true;
        }
        try {
            if (!committed) {
                sink.commit();
                committed = true;
            }
            sink.write(bytes);
            return true;
        } catch (IOException | IllegalStateException clientGone) {
            cancel();
            sink.clientGone();
            return false;
        }
    }

    @Override
    public void onError(Throwable error) {
        try {
            sink.failed(error);
        } catch (RuntimeException bug) {
            java.util.logging.Logger.getLogger(SseRelay.class.getName())
                    .log(java.util.logging.Level.SEVERE, "relay failed", bug);
        }
    }

    @Override
    public void onComplete() {
        if (event.length() > 0 && !dispatch()) {
            return;
        }
        sink.ended(usage, contentDeltas);
    }

    boolean committed() {
        return committed;
    }

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
