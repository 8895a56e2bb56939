package org.llmlb.wsproxy.engine.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.engine.entity.RequestRecord;
import org.llmlb.wsproxy.engine.entity.Slo;
import org.llmlb.wsproxy.engine.entity.Summary;

class RunMetricsTest {

    static final long MS = 1_000_000;

    static RequestRecord ok(long ttftMs, long e2eMs, long tokens) {
        return new RequestRecord(200, false, ttftMs * MS, e2eMs * MS, new long[] {10 * MS, 20 * MS}, tokens, false);
    }

    @Test
    void summarisesRatesPercentilesAndErrors() {
        RunMetrics metrics = new RunMetrics(null);
        for (int i = 1; i <= 100; i++) {
            metrics.record(ok(i, 1000, 11));
        }
        metrics.record(RequestRecord.failed(500, 5 * MS));
        metrics.record(RequestRecord.failed(0, 5 * MS));

        Summary summary = metrics.summary(105, 10.0);

        assertThat(summary.offered()).isEqualTo(105);
        assertThat(summary.requests()).isEqualTo(102);
        assertThat(summary.errors()).isEqualTo(2);
        assertThat(summary.errorRate()).isCloseTo(2 / 102.0, within(1e-9));
        assertThat(summary.requestsPerSecond()).isCloseTo(10.2, within(1e-9));
        assertThat(summary.outputTokensPerSecond()).isCloseTo(110, within(1e-9));
        assertThat(summary.ttftMs().p50()).isCloseTo(50, within(0.1));
        assertThat(summary.ttftMs().p90()).isCloseTo(90, within(0.1));
        assertThat(summary.ttftMs().p99()).isCloseTo(99, within(0.1));
        assertThat(summary.ttftMs().mean()).isCloseTo(50.5, within(0.1));
        assertThat(summary.itlMs().p50()).isCloseTo(10, within(0.01));
        assertThat(summary.e2eMs().p95()).isCloseTo(1000, within(1.0));
        // (1000 - 1) / 10 for the first request, (1000 - 100) / 10 for the last
        assertThat(summary.tpotMs().p50()).isCloseTo(95, within(0.1));
        assertThat(summary.tokensEstimated()).isFalse();
        assertThat(summary.slo()).isEmpty();
        assertThat(summary.goodput()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void judgesEachSloThresholdAndCountsGoodputPerRequest() {
        RunMetrics metrics = new RunMetrics(new Slo(50.0, 2000.0, 0.01));
        for (int i = 1; i <= 100; i++) {
            metrics.record(ok(i, 1000, 2));
        }
        metrics.record(RequestRecord.failed(500, MS));

        Summary summary = metrics.summary(101, 2.0);

        assertThat(summary.slo().get("ttft_p95_ms").pass()).isFalse();
        assertThat(summary.slo().get("ttft_p95_ms").measured()).isCloseTo(95, within(0.1));
        assertThat(summary.slo().get("e2e_p95_ms").pass()).isTrue();
        assertThat(summary.slo().get("error_rate").pass()).isTrue();
        assertThat(summary.slo().get("error_rate").threshold()).isEqualTo(0.01);
        // only the 50 requests with TTFT ≤ 50 ms meet every threshold
        assertThat(summary.goodput()).isCloseTo(25.0, within(1e-9));
    }

    @Test
    void anEmptyRunHasZeroes() {
        Summary summary = new RunMetrics(null).summary(0, 0);
        assertThat(summary.requests()).isZero();
        assertThat(summary.ttftMs().p95()).isZero();
        assertThat(summary.requestsPerSecond()).isZero();
    }

    @Test
    void estimatedTokensFlagTheWholeRun() {
        RunMetrics metrics = new RunMetrics(null);
        metrics.record(ok(1, 2, 3));
        metrics.record(new RequestRecord(200, false, MS, 2 * MS, new long[0], 3, true));
        assertThat(metrics.summary(2, 1).tokensEstimated()).isTrue();
    }
}
