package org.llmlb.wsproxy.compare.entity;

/** How to read a metric of a comparison: its unit and whether {@code higher} or {@code lower} is better. */
public record MetricInfo(String name, String unit, String better) {

    public static MetricInfo of(Metric m) {
        return new MetricInfo(m.wire(), m.unit(), m.higherIsBetter() ? "higher" : "lower");
    }
}
