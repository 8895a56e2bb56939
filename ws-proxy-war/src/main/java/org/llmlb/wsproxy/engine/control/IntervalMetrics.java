package org.llmlb.wsproxy.engine.control;

import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.llmlb.wsproxy.engine.entity.RequestRecord;
import org.llmlb.wsproxy.engine.entity.Second;

/**
 * What happened since the last {@link #take}, counted as requests end rather than derived from
 * the records the live feed samples, so a second stays exact when records are dropped. The I/O
 * and scheduler threads add to the current window under a lock held for a few array increments;
 * the reader swaps in a spare window under that lock and computes percentiles outside it, so
 * they never wait for a percentile.
 */
public final class IntervalMetrics {

    private final Object reader = new Object();
    private final AtomicLong offered = new AtomicLong();
    private Window current = new Window();
    private Window spare = new Window();

    public void offered() {
        offered.incrementAndGet();
    }

    public void record(RequestRecord request) {
        synchronized (this) {
            current.add(request);
        }
    }

    /** How late a request went out against its planned time. */
    public void lag(long nanos) {
        synchronized (this) {
            current.lag.recordValue(RunMetrics.micros(nanos));
        }
    }

    /** Closes the interval; {@code elapsedSeconds} and {@code inFlight} are the caller's view of now. */
    public Second take(double elapsedSeconds, int inFlight) {
        return take(elapsedSeconds, inFlight, null, 0);
    }

    /** As {@link #take(double, int)}, with the arrivals planned in the interval and the engine's CPU share. */
    public Second take(double elapsedSeconds, int inFlight, Long requested, double engineCpuPercent) {
        synchronized (reader) {
            Window full;
            synchronized (this) {
                full = current;
                current = spare;
            }
            Second second = full.second(elapsedSeconds, offered.getAndSet(0), inFlight, requested, engineCpuPercent);
            full.reset();
            spare = full;
            return second;
        }
    }

    /** Errors count but have no latencies, as in the run's summary. */
    private static final class Window {
        private final Histogram ttft = new Histogram(3);
        private final Histogram e2e = new Histogram(3);
        private final Histogram itl = new Histogram(3);
        private final Histogram lag = new Histogram(3);
        private long requests;
        private long errors;
        private long outputTokens;

        void add(RequestRecord request) {
            requests++;
            if (request.error()) {
                errors++;
                return;
            }
            outputTokens += request.outputTokens();
            e2e.recordValue(RunMetrics.micros(request.e2eNanos()));
            if (request.hasTtft()) {
                ttft.recordValue(RunMetrics.micros(request.ttftNanos()));
            }
            for (long gap : request.itlNanos()) {
                itl.recordValue(RunMetrics.micros(gap));
            }
        }

        Second second(double elapsedSeconds, long offered, int inFlight, Long requested, double cpu) {
            return new Second(elapsedSeconds, requests, errors, outputTokens, offered, inFlight,
                    latency(ttft), latency(e2e), latency(itl), requested, latency(lag), cpu);
        }

        void reset() {
            ttft.reset();
            e2e.reset();
            itl.reset();
            lag.reset();
            requests = 0;
            errors = 0;
            outputTokens = 0;
        }

        private static Second.Latency latency(Histogram h) {
            if (h.getTotalCount() == 0) {
                return null;
            }
            return new Second.Latency(h.getValueAtPercentile(50) / 1_000.0, h.getValueAtPercentile(95) / 1_000.0,
                    h.getValueAtPercentile(99) / 1_000.0);
        }
    }
}
