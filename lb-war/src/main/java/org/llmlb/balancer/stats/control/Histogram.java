package org.llmlb.balancer.stats.control;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * A latency histogram with fixed bucket bounds, as Prometheus exposes it. One {@link LongAdder}
 * per bucket rather than one array of atomics: many request threads hit the same few buckets,
 * and adjacent cells of an atomic array would contend on one cache line.
 */
public final class Histogram {

    /** Upper bounds in seconds, from a fast cache hit to a long generation. */
    public static final double[] LATENCY_BOUNDS = {
            0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

    /** Upper bounds in seconds for the balancer's own share of a request, from 50 µs to 100 ms. */
    public static final double[] OVERHEAD_BOUNDS = {
            0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1};

    private final double[] bounds;
    private final long[] boundsNanos;
    /** Per bucket, not cumulative; the last one is +Inf. */
    private final LongAdder[] counts;
    private final LongAdder sumNanos = new LongAdder();

    public Histogram(double... boundsSeconds) {
        if (boundsSeconds.length == 0) {
            throw new IllegalArgumentException("at least one bucket bound");
        }
        for (int i = 1; i < boundsSeconds.length; i++) {
            if (!(boundsSeconds[i] > boundsSeconds[i - 1])) {
                throw new IllegalArgumentException("bucket bounds must increase");
            }
        }
        this.bounds = boundsSeconds.clone();
        this.boundsNanos = new long[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            boundsNanos[i] = Math.round(bounds[i] * 1e9);
        }
        this.counts = new LongAdder[bounds.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public void observe(long nanos) {
        long value = Math.max(0, nanos);
        counts[bucket(value)].increment();
        sumNanos.add(value);
    }

    /** Index of the first bucket whose bound is at least {@code nanos} (Prometheus' {@code le}). */
    int bucket(long nanos) {
        int found = Arrays.binarySearch(boundsNanos, nanos);
        return found >= 0 ? found : -found - 1;
    }

    /**
     * Cumulative counts per bound (last = +Inf, which is also the count). Read without a lock, so
     * an observation racing the read may be in the buckets but not yet in the sum; a scrape
     * tolerates that, and the buckets themselves stay monotonic.
     */
    public Snapshot snapshot() {
        long[] cumulative = new long[counts.length];
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i].sum();
            cumulative[i] = running;
        }
        return new Snapshot(bounds.clone(), cumulative, sumNanos.sum() / 1e9);
    }

    /** @param cumulative one more entry than {@code bounds}: the +Inf bucket, equal to the count */
    public record Snapshot(double[] bounds, long[] cumulative, double sumSeconds) {

        public long count() {
            return cumulative[cumulative.length - 1];
        }

        /**
         * The q-quantile in seconds, interpolated within its bucket as Prometheus'
         * {@code histogram_quantile} does; null without observations. Past the last bound the
         * answer is that bound.
         */
        public Double quantile(double q) {
            long count = count();
            if (count == 0) {
                return null;
            }
            double rank = q * count;
            for (int i = 0; i < bounds.length; i++) {
                if (cumulative[i] >= rank) {
                    double lower = i == 0 ? 0 : bounds[i - 1];
                    long below = i == 0 ? 0 : cumulative[i - 1];
                    long inBucket = cumulative[i] - below;
                    return inBucket == 0 ? bounds[i] : lower + (bounds[i] - lower) * (rank - below) / inBucket;
                }
            }
            return bounds[bounds.length - 1];
        }
    }
}
