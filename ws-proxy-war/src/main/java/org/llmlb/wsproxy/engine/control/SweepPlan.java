package org.llmlb.wsproxy.engine.control;

import java.util.List;
import java.util.Locale;

import org.llmlb.wsproxy.engine.entity.LoadProfile;

/**
 * The arithmetic of a sweep: which rates follow from the probe, and where the knee is.
 *
 * <p>A step <em>kept up</em> when the target completed at least 98 % of what was sent to it
 * (less one request, for the edges of the window) and its TTFT p99 is at most
 * {@code knee_ttft_factor} times the lowest rate's. The knee is the last step of the leading
 * run of steps that kept up: the highest rate the target serves without queueing. Past it, a
 * queue builds (completions fall behind, or TTFT jumps as requests wait before their prefill).
 */
public final class SweepPlan {

    static final double MIN_COMPLETED_SHARE = 0.98;

    /** What a step measured that the knee depends on. */
    public record Step(long completedInWindow, long sent, Double ttftP99Ms) {
    }

    private SweepPlan() {
    }

    /**
     * {@code sweep.rates()} rates evenly spaced from the low rate to {@code maxRate}: the low
     * rate is {@code min_rate} when given, else {@code maxRate / rates}, so the steps are equal
     * fractions of the maximum (1/K, 2/K, …, 1).
     */
    public static double[] rates(LoadProfile.Sweep sweep, double maxRate) {
        int k = sweep.rates();
        double low = sweep.minRate() == null ? maxRate / k : sweep.minRate();
        double from = Math.min(low, maxRate);
        double to = Math.max(low, maxRate);
        double[] rates = new double[k];
        for (int i = 0; i < k; i++) {
            rates[i] = round(from + (to - from) * i / (k - 1));
        }
        return rates;
    }

    public static boolean[] keptUp(List<Step> steps, double ttftFactor) {
        boolean[] kept = new boolean[steps.size()];
        Double baseline = steps.isEmpty() ? null : steps.get(0).ttftP99Ms();
        for (int i = 0; i < kept.length; i++) {
            Step s = steps.get(i);
            boolean completed = s.sent() > 0 && s.completedInWindow() >= MIN_COMPLETED_SHARE * s.sent() - 1;
            boolean quick = s.ttftP99Ms() != null && (baseline == null || s.ttftP99Ms() <= ttftFactor * baseline);
            kept[i] = completed && quick;
        }
        return kept;
    }

    /** The index of the last step of the leading run that kept up; null when the first did not. */
    public static Integer knee(boolean[] keptUp) {
        int i = 0;
        while (i < keptUp.length && keptUp[i]) {
            i++;
        }
        return i == 0 ? null : i - 1;
    }

    public static String rule(double ttftFactor) {
        return String.format(Locale.ROOT, "the last rate of the leading run of rates at which the target completed"
                + " at least 98 %% of the requests sent (less one) in the latency-shifted sending window and TTFT p99"
                + " stayed within %s× the lowest rate's", trim(ttftFactor));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static double round(double rate) {
        return Math.round(rate * 1000) / 1000.0;
    }
}
