package org.llmlb.bench.clients;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shared back-pressure plumbing: counts demand and runs {@link #drainLoop()} on one thread at a
 * time (whoever calls {@link #drain()} first runs it, the others only mark "run again"). Library
 * callbacks (data arrived, end, failure) and {@code demand()} calls both funnel through
 * {@link #drain()}, so {@code onData} is never re-entered and never runs on two threads at once.
 * Every candidate uses this same class, so the comparison is of the libraries, not of this code.
 */
abstract class DemandSerializer implements StreamingClient.Exchange {
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong demand = new AtomicLong();

    @Override
    public final void demand() {
        demand.incrementAndGet();
        drain();
    }

    /** Takes one unit of demand if there is any. Only inside {@link #drainLoop()}. */
    protected final boolean takeDemand() {
        for (;;) {
            long d = demand.get();
            if (d <= 0) {
                return false;
            }
            if (demand.compareAndSet(d, d - 1)) {
                return true;
            }
        }
    }

    protected final boolean hasDemand() {
        return demand.get() > 0;
    }

    protected final void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            drainLoop();
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Fast path for a library callback: true if no drain is running, and this thread now owns it. */
    protected final boolean enterIfIdle() {
        return wip.compareAndSet(0, 1);
    }

    /** Leaves the section entered with {@link #enterIfIdle()}, draining what came in meanwhile. */
    protected final void leave() {
        int missed = wip.decrementAndGet();
        while (missed != 0) {
            drainLoop();
            missed = wip.addAndGet(-missed);
        }
    }

    /** Deliver what demand allows, ask the library for more, or deliver the end. */
    protected abstract void drainLoop();
}
