package org.llmlb.wsproxy.engine.entity;

/**
 * Whether the engine kept its own schedule. {@code requestedRate} (null for closed-loop
 * profiles) is what the profile asked for over the sending window, {@code achievedRate} what was
 * sent in it; {@code scheduleLagMs} is actual minus planned send time. CPU is a share of one
 * core over the run: {@code engineCpuPercent} counts the engine's own threads (I/O, scheduler),
 * {@code processCpuPercent} the whole server process (the simulator too when it runs there).
 * {@code clientBottleneck} is set when lag p99 exceeds 10 ms or less than 98 % of the requested
 * rate went out; {@code warning} then says which.
 */
public record SelfCheck(Double requestedRate, double achievedRate, Lag scheduleLagMs, double engineCpuPercent,
                        double processCpuPercent, int cpus, boolean clientBottleneck, String warning) {

    /** Milliseconds. */
    public record Lag(double p50, double p99, double max) {
    }
}
