package org.llmlb.wsproxy.engine.entity;

/** One threshold of an SLO next to what the run measured; null measured (nothing to judge) does not pass. */
public record SloResult(double threshold, Double measured, boolean pass) {
}
