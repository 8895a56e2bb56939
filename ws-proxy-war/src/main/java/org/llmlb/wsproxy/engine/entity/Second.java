package org.llmlb.wsproxy.engine.entity;

/**
 * One tick of a run for the live charts: what completed ({@code requests}, {@code errors},
 * {@code outputTokens} and the latencies) and what started ({@code offered}) since the last
 * tick, plus what is open now. A latency is null when no request produced one in the interval,
 * so a chart shows a gap rather than a false zero. {@code requested} is how many arrivals the
 * profile planned in the interval (null for closed loop), {@code lagMs} how late they went out,
 * {@code engineCpuPercent} the engine threads' CPU in the interval (share of one core).
 */
public record Second(double elapsedSeconds, long requests, long errors, long outputTokens, long offered,
                     int inFlight, Latency ttftMs, Latency e2eMs, Latency itlMs, Long requested, Latency lagMs,
                     double engineCpuPercent) {

    public Second(double elapsedSeconds, long requests, long errors, long outputTokens, long offered, int inFlight,
                  Latency ttftMs, Latency e2eMs, Latency itlMs) {
        this(elapsedSeconds, requests, errors, outputTokens, offered, inFlight, ttftMs, e2eMs, itlMs, null, null, 0);
    }

    /** Milliseconds. */
    public record Latency(double p50, double p95, double p99) {
    }
}
