package org.llmlb.wsproxy.engine.entity;

import java.util.List;

/**
 * A sweep so far: the throughput probe, the most it completed per second ({@code maxRate}, null
 * until the probe is done), the rates derived from it and, once they have run, the knee: the
 * highest rate of the leading run of steps that kept up ({@code kneeRule} says what that means).
 * {@code kneeRate} is null while unknown, or when even the lowest rate did not keep up.
 */
public record SweepSummary(SweepStep probe, Double maxRate, List<SweepStep> steps, Double kneeRate,
                           Integer kneeIndex, String kneeRule) {
}
