package org.llmlb.wsproxy.engine.entity;

import java.util.List;

/**
 * How a run's latencies spread: {@code counts[i]} requests (or gaps, for ITL) took from
 * {@code i × bucketMs} up to {@code (i + 1) × bucketMs}; {@code over} took longer than the last
 * bucket, which ends near the 99.9th percentile so one outlier does not squash the rest.
 */
public record LatencyHistogram(double bucketMs, List<Long> counts, long over) {
}
