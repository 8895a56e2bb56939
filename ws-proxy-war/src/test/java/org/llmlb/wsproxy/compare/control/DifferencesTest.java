package org.llmlb.wsproxy.compare.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.compare.entity.Difference;
import org.llmlb.wsproxy.compare.entity.Metric;

class DifferencesTest {

    @Test
    void aLongerTtftIsWorseByItsAbsoluteAndRelativeDifference() {
        Difference d = Differences.between(Metric.TTFT_P50_MS, 50.0, 125.0);

        assertThat(d.absolute()).isEqualTo(75.0);
        assertThat(d.percent()).isEqualTo(150.0);
        assertThat(d.change()).isEqualTo("worse");
    }

    @Test
    void aShorterLatencyIsBetter() {
        Difference d = Differences.between(Metric.E2E_P99_MS, 200.0, 150.0);

        assertThat(d.absolute()).isEqualTo(-50.0);
        assertThat(d.percent()).isEqualTo(-25.0);
        assertThat(d.change()).isEqualTo("better");
    }

    @Test
    void moreThroughputIsBetterAndLessIsWorse() {
        assertThat(Differences.between(Metric.REQUEST_THROUGHPUT, 10.0, 12.0).change()).isEqualTo("better");
        assertThat(Differences.between(Metric.OUTPUT_THROUGHPUT, 100.0, 80.0).change()).isEqualTo("worse");
        assertThat(Differences.between(Metric.GOODPUT, 4.0, 5.0).change()).isEqualTo("better");
    }

    @Test
    void aChangeUnderOnePercentIsTheSame() {
        Difference d = Differences.between(Metric.TTFT_P99_MS, 100.0, 100.9);

        assertThat(d.change()).isEqualTo("same");
        assertThat(d.absolute()).isEqualTo(0.9);
        assertThat(Differences.between(Metric.TTFT_P99_MS, 100.0, 101.0).change()).isEqualTo("worse");
    }

    @Test
    void aZeroBaselineHasNoPercentButStillADirection() {
        Difference errors = Differences.between(Metric.ERROR_RATE, 0.0, 0.1);
        Difference none = Differences.between(Metric.ERROR_RATE, 0.0, 0.0);

        assertThat(errors.percent()).isNull();
        assertThat(errors.absolute()).isEqualTo(0.1);
        assertThat(errors.change()).isEqualTo("worse");
        assertThat(none.change()).isEqualTo("same");
    }

    @Test
    void aMissingValueOnEitherSideHasNoDifference() {
        assertThat(Differences.between(Metric.ITL_P50_MS, null, 5.0)).isEqualTo(Difference.NONE);
        assertThat(Differences.between(Metric.ITL_P50_MS, 5.0, null)).isEqualTo(Difference.NONE);
    }

    @Test
    void everyMetricIsComparedAgainstTheBaseline() {
        Map<String, Double> base = new HashMap<>(), other = new HashMap<>();
        base.put("ttft_p50_ms", 10.0);
        other.put("ttft_p50_ms", 20.0);
        base.put("request_throughput", 5.0);
        other.put("request_throughput", 5.0);

        Map<String, Difference> d = Differences.against(base, other);

        assertThat(d).hasSize(Metric.values().length);
        assertThat(d.get("ttft_p50_ms").change()).isEqualTo("worse");
        assertThat(d.get("request_throughput").change()).isEqualTo("same");
        assertThat(d.get("goodput")).isEqualTo(Difference.NONE);
    }

    @Test
    void aRunWithoutSummaryHasEveryMetricNull() {
        assertThat(Differences.metrics(null)).hasSize(Metric.values().length).containsValue(null).doesNotContainValue(0.0);
    }
}
