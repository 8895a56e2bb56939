package org.llmlb.wsproxy.engine.control;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

import org.llmlb.wsproxy.engine.entity.RequestRecord;
import org.llmlb.wsproxy.engine.entity.TimelinePoint;

/**
 * A run's completions second by second, kept whether or not anyone watches the run (the live
 * feed's {@code second} messages exist only for runs started over the socket), so a report can
 * chart a headless run. Means, not percentiles: a bucket is a few adders, written lock-free from
 * the I/O threads. Seconds past {@link #MAX_SECONDS} are counted into the last one.
 */
final class Timeline {

    static final int MAX_SECONDS = 6 * 3600;

    private static final class Bucket {
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder tokens = new LongAdder();
        final LongAdder ttftNanos = new LongAdder();
        final LongAdder ttftCount = new LongAdder();
        final LongAdder e2eNanos = new LongAdder();
        final LongAdder itlNanos = new LongAdder();
        final LongAdder itlCount = new LongAdder();
    }

    private final AtomicReferenceArray<Bucket> buckets = new AtomicReferenceArray<>(MAX_SECONDS);

    /** {@code record} completed {@code elapsedNanos} after the run started. */
    void record(long elapsedNanos, RequestRecord record) {
        int second = (int) Math.min(MAX_SECONDS - 1, Math.max(0, elapsedNanos / 1_000_000_000L));
        Bucket b = buckets.get(second);
        if (b == null) {
            buckets.compareAndSet(second, null, new Bucket());
            b = buckets.get(second);
        }
        b.requests.increment();
        if (record.error()) {
            b.errors.increment();
            return;
        }
        b.tokens.add(record.outputTokens());
        b.e2eNanos.add(record.e2eNanos());
        if (record.ttftNanos() >= 0) {
            b.ttftNanos.add(record.ttftNanos());
            b.ttftCount.increment();
        }
        if (record.itlNanos() != null) {
            for (long gap : record.itlNanos()) {
                b.itlNanos.add(gap);
            }
            b.itlCount.add(record.itlNanos().length);
        }
    }

    /** Every second up to the last with a completion; a second without one has zeroes and null means. */
    List<TimelinePoint> points() {
        int last = -1;
        for (int i = MAX_SECONDS - 1; i >= 0; i--) {
            if (buckets.get(i) != null) {
                last = i;
                break;
            }
        }
        List<TimelinePoint> points = new ArrayList<>(last + 1);
        for (int i = 0; i <= last; i++) {
            Bucket b = buckets.get(i);
            if (b == null) {
                points.add(new TimelinePoint(i, 0, 0, 0, null, null, null));
                continue;
            }
            long ok = b.requests.sum() - b.errors.sum();
            points.add(new TimelinePoint(i, b.requests.sum(), b.errors.sum(), b.tokens.sum(),
                    mean(b.ttftNanos.sum(), b.ttftCount.sum()), mean(b.e2eNanos.sum(), ok),
                    mean(b.itlNanos.sum(), b.itlCount.sum())));
        }
        return points;
    }

    private static Double mean(long nanos, long count) {
        return count <= 0 ? null : Math.round(nanos / 1e3 / count) / 1e3;
    }
}
