package org.llmlb.bench.clients;

import java.util.concurrent.atomic.AtomicBoolean;

/** Exactly-once end/failure delivery, and "nothing after cancel", the same for every candidate. */
final class Terminal {
    private final AtomicBoolean done = new AtomicBoolean();
    private final StreamingClient.Listener listener;

    Terminal(StreamingClient.Listener listener) {
        this.listener = listener;
    }

    boolean isDone() {
        return done.get();
    }

    /** Marks the exchange finished without telling the listener (cancel). */
    boolean silence() {
        return done.compareAndSet(false, true);
    }

    void end() {
        if (done.compareAndSet(false, true)) {
            listener.onEnd();
        }
    }

    void fail(Throwable t) {
        if (done.compareAndSet(false, true)) {
            listener.onFailure(t);
        }
    }
}
