package org.llmlb.wsproxy.engine.entity;

/**
 * One rate of a sweep (or its probe, with {@code rate} null). {@code throughput} is what the
 * target completed per second under it (successful requests, latency-shifted window),
 * {@code sentRate} what the engine sent, {@code goodput} completions per second that met the
 * card's SLOs. Latencies are of the requests this step sent; null until it has data.
 * {@code state} is {@code pending}, {@code running} or {@code done}.
 */
public record SweepStep(Double rate, String state, Double throughput, Double sentRate, long requests, long errors,
                        double outputTokensPerSecond, Percentiles ttftMs, Percentiles itlMs, Percentiles e2eMs,
                        Double goodput, boolean keptUp, boolean knee, Double lagMsP99) {
}
