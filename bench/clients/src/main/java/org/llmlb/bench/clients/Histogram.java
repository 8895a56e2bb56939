package org.llmlb.bench.clients;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** Lock-free log-linear latency histogram in microseconds (32 sub-buckets per power of 2, ~3%). */
final class Histogram {
    private static final int BUCKETS = 40 * 32;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder total = new LongAdder();
    private volatile long max;

    private static int index(long us) {
        if (us < 32) {
            return (int) Math.max(us, 0);
        }
        int m = 63 - Long.numberOfLeadingZeros(us);
        int idx = (m - 4) * 32 + (int) ((us >> (m - 5)) & 31);
        return Math.min(idx, BUCKETS - 1);
    }

    private static double value(int idx) {
        if (idx < 64) {
            return idx;
        }
        int m = idx / 32 + 4;
        int sub = idx % 32;
        double lo = (double) ((32L + sub) << (m - 5));
        return lo + (1L << (m - 5)) / 2.0;
    }

    void recordNanos(long nanos) {
        long us = nanos / 1000;
        counts.incrementAndGet(index(us));
        total.increment();
        if (us > max) {
            max = us;   // racy, good enough for a max
        }
    }

    long count() {
        return total.sum();
    }

    /** Percentile in milliseconds (p in 0..100); NaN when empty. */
    double percentileMs(double p) {
        long n = count();
        if (n == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(p / 100.0 * n);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return value(i) / 1000.0;
            }
        }
        return max / 1000.0;
    }

    double maxMs() {
        return max / 1000.0;
    }
}
