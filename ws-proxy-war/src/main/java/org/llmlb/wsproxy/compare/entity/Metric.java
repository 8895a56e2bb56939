package org.llmlb.wsproxy.compare.entity;

import java.util.Locale;
import java.util.function.Function;

import org.llmlb.wsproxy.engine.entity.Percentiles;
import org.llmlb.wsproxy.engine.entity.Summary;

/**
 * A summary number two runs are compared by, with its unit and which way is better. A value is
 * null when the run measured nothing for it (no request completed; goodput without SLOs).
 */
public enum Metric {
    REQUEST_THROUGHPUT("req/s", true, s -> s.requests() == 0 ? null : s.requestsPerSecond()),
    OUTPUT_THROUGHPUT("tok/s", true, s -> s.requests() == 0 ? null : s.outputTokensPerSecond()),
    TTFT_P50_MS("ms", false, s -> p(s.ttftMs(), Percentiles::p50)),
    TTFT_P99_MS("ms", false, s -> p(s.ttftMs(), Percentiles::p99)),
    ITL_P50_MS("ms", false, s -> p(s.itlMs(), Percentiles::p50)),
    ITL_P99_MS("ms", false, s -> p(s.itlMs(), Percentiles::p99)),
    E2E_P50_MS("ms", false, s -> p(s.e2eMs(), Percentiles::p50)),
    E2E_P99_MS("ms", false, s -> p(s.e2eMs(), Percentiles::p99)),
    ERROR_RATE("", false, s -> s.requests() == 0 ? null : s.errorRate()),
    GOODPUT("req/s", true, s -> s.slo() == null || s.slo().isEmpty() ? null : s.goodput());

    private final String unit;
    private final boolean higherIsBetter;
    private final Function<Summary, Double> value;

    Metric(String unit, boolean higherIsBetter, Function<Summary, Double> value) {
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
        this.value = value;
    }

    private static Double p(Percentiles p, Function<Percentiles, Double> which) {
        return p == null ? null : which.apply(p);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String unit() {
        return unit;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    public Double of(Summary summary) {
        return value.apply(summary);
    }
}
