package org.llmlb.wsproxy.engine.entity;

/** One threshold of an SLO next to what the run measured. */
public record SloResult(double threshold, double measured, boolean pass) {
}
