package org.llmlb.wsproxy.engine.entity;

/** Milliseconds; a summary has null instead of these when nothing was measured. */
public record Percentiles(double p50, double p90, double p95, double p99, double mean) {
}
