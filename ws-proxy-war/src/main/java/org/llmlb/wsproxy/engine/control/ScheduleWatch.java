package org.llmlb.wsproxy.engine.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;
import org.llmlb.wsproxy.engine.entity.SelfCheck;

/**
 * The engine checking itself: how late each request went out against its planned time, how many
 * the profile planned against how many were sent, and what CPU that took. The plan is a twin of
 * the dispatcher's {@link Arrivals} (same profile, same seed), so "planned by now" does not
 * depend on how far the dispatcher got. All times are {@link System#nanoTime()} nanoseconds.
 */
final class ScheduleWatch {

    static final double MAX_LAG_P99_MS = 10;
    static final double MIN_ACHIEVED_SHARE = 0.98;

    private final Histogram lag = new Histogram(3);
    /** Null for a closed loop, which has no planned times. */
    private final Arrivals plan;
    private final long limit;
    private final long startNanos;
    private final long deadlineNanos;
    /** Offsets at or after this are past the duration: never sent, never planned. */
    private final long deadlineOffset;
    private final EngineCpu cpu;
    private final long cpuAtStart;
    private final long processCpuAtStart;
    private long planned;
    private long nextPlannedOffset;
    private long sentInWindow;
    private boolean sendingOver;
    private long windowEndNanos;
    private long lastSentNanos;

    /**
     * @param plan          the run's arrivals, or null for a closed loop
     * @param limit         the card's request count, or {@link Long#MAX_VALUE}
     * @param deadlineNanos when sending stops by duration, or {@link Long#MAX_VALUE}
     */
    ScheduleWatch(Arrivals plan, long limit, long startNanos, long deadlineNanos, EngineCpu cpu) {
        this.plan = plan;
        this.limit = limit;
        this.startNanos = startNanos;
        this.deadlineNanos = deadlineNanos;
        this.deadlineOffset = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - startNanos;
        this.cpu = cpu;
        this.cpuAtStart = cpu.nanos();
        this.processCpuAtStart = EngineCpu.processNanos();
        this.nextPlannedOffset = plan == null ? Long.MAX_VALUE : plan.nextOffsetNanos();
    }

    /** A request went out at {@code actualNanos} that was due at {@code plannedNanos}. */
    synchronized void sent(long plannedNanos, long actualNanos) {
        lag.recordValue(Math.max(0, (actualNanos - plannedNanos) / 1_000));
        lastSentNanos = actualNanos;
        if (actualNanos - startNanos < deadlineOffset) {
            sentInWindow++;
        }
    }

    /** Sending is over (the count or the duration is reached, or the run stopped) as of {@code nanos}. */
    synchronized void sendingEnded(long nanos) {
        if (!sendingOver) {
            sendingOver = true;
            windowEndNanos = startNanos + Math.min(nanos - startNanos, deadlineOffset);
        }
    }

    /** The card's request count is used up: the sending window closed with the last request sent. */
    synchronized void countReached() {
        sendingEnded(lastSentNanos);
    }

    /** Arrivals the profile planned at or before {@code nanos}; null for a closed loop. */
    synchronized Long plannedBy(long nanos) {
        if (plan == null) {
            return null;
        }
        long until = nanos - startNanos;
        while (planned < limit && nextPlannedOffset <= until && nextPlannedOffset < deadlineOffset) {
            planned++;
            nextPlannedOffset = plan.nextOffsetNanos();
        }
        return planned;
    }

    /** How long the sending window has been open as of {@code nowNanos}, or was once it closed. */
    synchronized double sendSeconds(long nowNanos) {
        long end = sendingOver ? windowEndNanos : startNanos + Math.min(nowNanos - startNanos, deadlineOffset);
        return Math.max(0, (end - startNanos) / 1e9);
    }

    synchronized SelfCheck check(long nowNanos) {
        long end = sendingOver ? windowEndNanos : startNanos + Math.min(nowNanos - startNanos, deadlineOffset);
        double window = Math.max(1e-9, (end - startNanos) / 1e9);
        double run = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
        Long due = plannedBy(end);
        Double requested = due == null ? null : due / window;
        double achieved = sentInWindow / window;
        SelfCheck.Lag lagMs = lag.getTotalCount() == 0 ? null : new SelfCheck.Lag(ms(lag.getValueAtPercentile(50)),
                ms(lag.getValueAtPercentile(99)), ms(lag.getMaxValue()));
        List<String> problems = new ArrayList<>();
        if (lagMs != null && lagMs.p99() > MAX_LAG_P99_MS) {
            problems.add(String.format(Locale.ROOT, "schedule lag p99 %.1f ms is over %.0f ms", lagMs.p99(),
                    MAX_LAG_P99_MS));
        }
        // one arrival of slack: at any instant the next one may be due but not yet sent
        if (due != null && sentInWindow < MIN_ACHIEVED_SHARE * due - 1) {
            problems.add(String.format(Locale.ROOT, "sent %.1f/s, under 98 %% of the requested %.1f/s", achieved,
                    requested));
        }
        String warning = problems.isEmpty() ? null
                : "the load producer is the bottleneck: " + String.join("; ", problems);
        return new SelfCheck(requested, achieved, lagMs, percent(cpu.nanos() - cpuAtStart, run),
                percent(EngineCpu.processNanos() - processCpuAtStart, run), EngineCpu.cpus(), warning != null,
                warning);
    }

    private static double percent(long cpuNanos, double seconds) {
        return cpuNanos < 0 ? -1 : Math.round(cpuNanos / 1e9 / seconds * 1000) / 10.0;
    }

    private static double ms(long micros) {
        return micros / 1_000.0;
    }
}
