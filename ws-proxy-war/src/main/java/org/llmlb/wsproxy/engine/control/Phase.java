package org.llmlb.wsproxy.engine.control;

import java.util.concurrent.atomic.AtomicInteger;

import org.HdrHistogram.Histogram;
import org.llmlb.wsproxy.engine.entity.LoadProfile;
import org.llmlb.wsproxy.engine.entity.RequestRecord;
import org.llmlb.wsproxy.engine.entity.Slo;

/**
 * One stretch of a run with one load shape: the whole of an ordinary run, or a sweep's probe or
 * one of its rates. It has its own schedule, self-check and measurements of the requests it
 * sent, and when each of them completed, so a sweep can say what each rate achieved. All times
 * are {@link System#nanoTime()} nanoseconds.
 */
final class Phase {

    final LoadProfile profile;
    final long startNanos;
    /** When sending stops, or {@link Long#MAX_VALUE}. */
    final long deadlineNanos;
    final ScheduleWatch watch;
    final RunMetrics metrics;
    /** Open requests (or closed-loop slots) plus one for the dispatcher, so the phase cannot end while still dispatching. */
    final AtomicInteger pending = new AtomicInteger(1);
    /** Successful completions by milliseconds after the start. */
    private final Histogram completions = new Histogram(3);
    private long sent;
    /** Scheduler thread only. */
    Arrivals arrivals;
    long nextOffset;

    /** Whether the phase keeps measurements of its own: a sweep's do, a run of one phase has the run's. */
    private final boolean own;

    Phase(LoadProfile profile, long seed, long limit, long startNanos, long deadlineNanos, EngineCpu cpu, Slo slo,
          boolean own) {
        this.own = own;
        this.profile = profile;
        this.startNanos = startNanos;
        this.deadlineNanos = deadlineNanos;
        boolean closed = profile instanceof LoadProfile.ConstantConcurrency;
        this.watch = new ScheduleWatch(closed ? null : Arrivals.of(profile, seed), limit, startNanos, deadlineNanos, cpu);
        this.metrics = new RunMetrics(slo);
        if (!closed) {
            arrivals = Arrivals.of(profile, seed);
            nextOffset = arrivals.nextOffsetNanos();
        }
    }

    synchronized void sent() {
        sent++;
    }

    /** One of this phase's requests ended at {@code nowNanos}. */
    void record(RequestRecord request, long nowNanos) {
        if (!own) {
            return;
        }
        metrics.record(request);
        if (!request.error()) {
            synchronized (this) {
                completions.recordValue(Math.max(0, (nowNanos - startNanos) / 1_000_000));
            }
        }
    }

    /**
     * What the target completed per second while this phase's load lay on it: successful
     * completions in the sending window shifted by the typical end-to-end latency (requests sent
     * in {@code [0, D]} end in about {@code [p50, D + p50]}), over the window's length. Below
     * saturation this is the offered rate; above it, what the target manages. Null before the
     * window is over or without a sending window.
     *
     * @param e2eP50Ms the phase's end-to-end p50, the shift
     * @param sendSeconds how long the phase sent
     */
    synchronized Completed completed(double e2eP50Ms, double sendSeconds) {
        long from = Math.round(e2eP50Ms);
        long to = Math.round(e2eP50Ms + sendSeconds * 1000);
        long count = completions.getTotalCount() == 0 ? 0 : completions.getCountBetweenValues(from, Math.max(from, to - 1));
        return new Completed(count, sent, sendSeconds > 0 ? count / sendSeconds : 0);
    }

    /** {@code inWindow} successful completions of {@code sent} requests, {@code perSecond} over the window. */
    record Completed(long inWindow, long sent, double perSecond) {
    }
}
