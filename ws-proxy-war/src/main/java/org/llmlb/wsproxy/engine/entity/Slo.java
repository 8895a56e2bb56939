package org.llmlb.wsproxy.engine.entity;

/** Thresholds a run is judged against; a null threshold is not checked. */
public record Slo(Double ttftP95Ms, Double e2eP95Ms, Double errorRate) {

    public static final Slo NONE = new Slo(null, null, null);
}
