package org.llmlb.balancer.routing.control;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Time-bucketed sum over the last {@code buckets × bucketMillis}; lock-free so the proxy can add
 * to it per request. A bucket being recycled by one thread while another adds to it may lose
 * that one addition: an accepted inaccuracy for a rate display and a quota estimate.
 */
public final class SlidingWindow {

    private final Clock clock;
    private final long bucketMillis;
    private final int buckets;
    private final AtomicLongArray sums;
    private final AtomicLongArray slots;

    public SlidingWindow(Clock clock, long bucketMillis, int buckets) {
        this.clock = clock;
        this.bucketMillis = bucketMillis;
        this.buckets = buckets;
        this.sums = new AtomicLongArray(buckets);
        this.slots = new AtomicLongArray(buckets);
        for (int i = 0; i < buckets; i++) {
            slots.set(i, -1);
        }
    }

    public void add(long amount) {
        long slot = clock.millis() / bucketMillis;
        int i = (int) (slot % buckets);
        long seen = slots.get(i);
        if (seen != slot && slots.compareAndSet(i, seen, slot)) {
            sums.set(i, 0);
        }
        sums.addAndGet(i, amount);
    }

    public long sum() {
        long current = clock.millis() / bucketMillis;
        long total = 0;
        for (int i = 0; i < buckets; i++) {
            long slot = slots.get(i);
            if (slot > current - buckets && slot <= current) {
                total += sums.get(i);
            }
        }
        return total;
    }

    public double perSecond() {
        return sum() * 1000.0 / (bucketMillis * buckets);
    }

    public void clear() {
        for (int i = 0; i < buckets; i++) {
            slots.set(i, -1);
            sums.set(i, 0);
        }
    }
}
