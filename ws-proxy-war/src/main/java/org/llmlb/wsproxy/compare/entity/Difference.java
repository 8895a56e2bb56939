package org.llmlb.wsproxy.compare.entity;

/**
 * One run's value minus the first run's: {@code absolute} in the metric's unit, {@code percent}
 * of the first run's value (null when that is zero), {@code change} {@code better},
 * {@code worse} or {@code same}; all null when either value is missing.
 */
public record Difference(Double absolute, Double percent, String change) {

    public static final Difference NONE = new Difference(null, null, null);
}
