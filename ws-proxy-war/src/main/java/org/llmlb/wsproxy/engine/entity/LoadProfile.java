package org.llmlb.wsproxy.engine.entity;

import java.util.LinkedHashMap;
import java.util.Map;

/** The load shape: how many requests are in flight, or when they start. */
public sealed interface LoadProfile {

    /** The profile as a card writes it, {@code type} first (for comparisons and reports). */
    static Map<String, Object> describe(LoadProfile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (p instanceof ConstantConcurrency c) {
            m.put("type", "constant_concurrency");
            m.put("concurrency", c.concurrency());
        } else if (p instanceof ConstantRate r) {
            m.put("type", "constant_rate");
            m.put("rate", r.rate());
            m.put("poisson", r.poisson());
        } else if (p instanceof Ramp r) {
            m.put("type", "ramp");
            m.put("from_rate", r.fromRate());
            m.put("to_rate", r.toRate());
            m.put("over_seconds", r.overSeconds());
        } else if (p instanceof Burst b) {
            m.put("type", "burst");
            m.put("size", b.size());
            m.put("every_seconds", b.everySeconds());
        } else if (p instanceof Sweep s) {
            m.put("type", "sweep");
            m.put("rates", s.rates());
            m.put("step_seconds", s.stepSeconds());
        }
        return m;
    }

    /** Closed loop: each of {@code concurrency} workers sends its next request when the last ends. */
    record ConstantConcurrency(int concurrency) implements LoadProfile {
    }

    /** Open loop: {@code rate} arrivals per second, evenly spaced or with exponential gaps. */
    record ConstantRate(double rate, boolean poisson) implements LoadProfile {
    }

    /**
     * Open loop: the rate moves linearly from {@code fromRate} to {@code toRate} over
     * {@code overSeconds}, then holds {@code toRate}, to find where a target starts to suffer.
     */
    record Ramp(double fromRate, double toRate, double overSeconds) implements LoadProfile {
    }

    /** Open loop: {@code size} requests at once every {@code everySeconds}, starting at once. */
    record Burst(int size, double everySeconds) implements LoadProfile {
    }

    /**
     * A series of open-loop constant rates up to saturation, as GuideLLM's sweep: first a
     * closed-loop throughput probe ({@code probeConcurrency} for {@code probeSeconds}) measures
     * the most the target completes per second; then {@code rates} constant rates evenly spaced
     * from {@code minRate} (default: that maximum divided by {@code rates}) up to the maximum,
     * each for {@code stepSeconds} and each after the previous one's answers are in. The knee is
     * the last rate that still kept up: see {@code SweepPlan}.
     */
    record Sweep(int rates, double stepSeconds, double probeSeconds, int probeConcurrency, Double minRate,
                 boolean poisson, double kneeTtftFactor) implements LoadProfile {

        public static final int DEFAULT_RATES = 5;
        public static final double DEFAULT_PROBE_SECONDS = 10;
        public static final int DEFAULT_PROBE_CONCURRENCY = 32;
        public static final double DEFAULT_KNEE_TTFT_FACTOR = 3;
    }
}
