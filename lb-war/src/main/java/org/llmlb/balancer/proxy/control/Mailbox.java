package org.llmlb.balancer.proxy.control;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one request's events one at a time, in the order they were posted, on whichever thread
 * posts while no other event runs: the servlet container's, an upstream I/O thread, the timer.
 * No thread waits for another and none is held between events; the common case, one event at a
 * time, runs at once without queueing.
 */
public final class Mailbox {

    private static final Logger LOG = Logger.getLogger(Mailbox.class.getName());

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    /** Events posted and not yet finished, the running one included. */
    private final AtomicInteger pending = new AtomicInteger();

    public void execute(Runnable event) {
        if (tryEnter()) {
            run(event);
            exit();
            return;
        }
        queue.add(event);
        if (pending.getAndIncrement() == 0) {
            drain();
        }
    }

    /**
     * For an event that must read a buffer before the caller reuses it: true when the caller may
     * run it now, and must then call {@link #exit()}; false when another event is running.
     */
    public boolean tryEnter() {
        return pending.get() == 0 && pending.compareAndSet(0, 1);
    }

    /** Ends an event entered with {@link #tryEnter()} and runs what was posted meanwhile. */
    public void exit() {
        if (pending.decrementAndGet() != 0) {
            drain();
        }
    }

    private void drain() {
        do {
            Runnable next;
            while ((next = queue.poll()) == null) {
                // posted, counted, not yet in the queue: it is a few instructions away
                Thread.onSpinWait();
            }
            run(next);
        } while (pending.decrementAndGet() != 0);
    }

    private static void run(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException | Error unexpected) {
            LOG.log(Level.SEVERE, "request event failed", unexpected);
        }
    }
}
