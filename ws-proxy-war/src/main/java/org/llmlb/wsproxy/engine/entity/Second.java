package org.llmlb.wsproxy.engine.entity;

/**
 * One tick of a run for the live charts: what completed ({@code requests}, {@code errors},
 * {@code outputTokens} and the latencies) and what started ({@code offered}) since the last
 * tick, plus what is open now. A latency is null when no request produced one in the interval,
 * so a chart shows a gap rather than a false zero.
 */
public record Second(double elapsedSeconds, long requests, long errors, long outputTokens, long offered,
                     int inFlight, Latency ttftMs, Latency e2eMs, Latency itlMs) {

    /** Milliseconds. */
    public record Latency(double p50, double p95, double p99) {
    }
}
