package org.llmlb.balancer.stats.control;

import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whole-request metrics of the proxy (as opposed to per-endpoint {@link Statistics}): final
 * status, duration, time to first token, failovers. Written once or twice per request on the
 * request's thread, so everything is a {@link LongAdder}.
 */
@ApplicationScoped
public class RequestMetrics {

    static final int LOWEST_STATUS = 100;
    static final int HIGHEST_STATUS = 599;

    /** One counter per valid HTTP status: a bounded label set however odd the upstream's codes. */
    private final LongAdder[] byStatus = new LongAdder[HIGHEST_STATUS - LOWEST_STATUS + 1];
    private final Histogram duration = new Histogram(Histogram.LATENCY_BOUNDS);
    private final Histogram timeToFirstToken = new Histogram(Histogram.LATENCY_BOUNDS);
    private final LongAdder failovers = new LongAdder();

    public RequestMetrics() {
        for (int i = 0; i < byStatus.length; i++) {
            byStatus[i] = new LongAdder();
        }
    }

    /** A proxied request is over: the status the client got and how long it took in all. */
    public void finished(int status, long nanos) {
        if (status >= LOWEST_STATUS && status <= HIGHEST_STATUS) {
            byStatus[status - LOWEST_STATUS].increment();
        }
        duration.observe(nanos);
    }

    /** A stream's first event is about to reach the client, {@code nanos} after the request began. */
    public void firstToken(long nanos) {
        timeToFirstToken.observe(nanos);
    }

    /** An attempt failed and the request goes on to another endpoint. */
    public void failover() {
        failovers.increment();
    }

    /** Count per status seen so far, index = status − 100; zeros are skipped by the exposition. */
    public long[] byStatus() {
        long[] counts = new long[byStatus.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = byStatus[i].sum();
        }
        return counts;
    }

    public static int status(int index) {
        return LOWEST_STATUS + index;
    }

    public Histogram.Snapshot duration() {
        return duration.snapshot();
    }

    public Histogram.Snapshot timeToFirstToken() {
        return timeToFirstToken.snapshot();
    }

    public long failovers() {
        return failovers.sum();
    }
}
