package org.llmlb.wsproxy.engine.entity;

/** Milliseconds; all zero when nothing was measured. */
public record Percentiles(double p50, double p90, double p95, double p99, double mean) {

    public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0);
}
