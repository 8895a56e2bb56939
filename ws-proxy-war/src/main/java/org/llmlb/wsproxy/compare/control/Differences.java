package org.llmlb.wsproxy.compare.control;

import java.util.LinkedHashMap;
import java.util.Map;

import org.llmlb.wsproxy.compare.entity.Difference;
import org.llmlb.wsproxy.compare.entity.Metric;
import org.llmlb.wsproxy.engine.entity.Summary;

/**
 * The arithmetic of a comparison. A change within {@value #SAME_PERCENT} % of the baseline is
 * {@code same}: two runs of one card against one target differ by about that much, so colouring
 * it better or worse would tell a reader noise is a result.
 */
public final class Differences {

    static final double SAME_PERCENT = 1.0;

    private Differences() {
    }

    /** Every metric of a summary, by wire name, in the enum's order. */
    public static Map<String, Double> metrics(Summary summary) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Metric m : Metric.values()) {
            values.put(m.wire(), summary == null ? null : m.of(summary));
        }
        return values;
    }

    /** {@code values} against {@code baseline}, metric by metric. */
    public static Map<String, Difference> against(Map<String, Double> baseline, Map<String, Double> values) {
        Map<String, Difference> differences = new LinkedHashMap<>();
        for (Metric m : Metric.values()) {
            differences.put(m.wire(), between(m, baseline.get(m.wire()), values.get(m.wire())));
        }
        return differences;
    }

    /** {@code value} minus {@code baseline}, judged by the metric's direction. */
    public static Difference between(Metric metric, Double baseline, Double value) {
        if (baseline == null || value == null || baseline.isNaN() || value.isNaN()) {
            return Difference.NONE;
        }
        double absolute = value - baseline;
        Double percent = baseline == 0 ? null : absolute / Math.abs(baseline) * 100;
        boolean same = percent == null ? absolute == 0 : Math.abs(percent) < SAME_PERCENT;
        String change = same ? "same" : (absolute > 0) == metric.higherIsBetter() ? "better" : "worse";
        return new Difference(round(absolute), percent == null ? null : round(percent), change);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
