package org.llmlb.wsproxy.engine.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.engine.entity.ErrorCount;
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
    void anEmptyRunHasZeroCountsAndNoPercentiles() {
        Summary summary = new RunMetrics(new Slo(500.0, null, 0.01)).summary(0, 0);
        assertThat(summary.requests()).isZero();
        assertThat(summary.ttftMs()).isNull();
        assertThat(summary.e2eMs()).isNull();
        assertThat(summary.itlMs()).isNull();
        assertThat(summary.requestsPerSecond()).isZero();
        assertThat(summary.slo().get("ttft_p95_ms").measured()).isNull();
        assertThat(summary.slo().get("ttft_p95_ms").pass()).isFalse();
        assertThat(summary.slo().get("error_rate").pass()).isFalse();
    }

    @Test
    void errorsAreBrokenDownByStatusAndCodeWithTheFirstMessage() {
        RunMetrics metrics = new RunMetrics(null);
        metrics.record(RequestRecord.failed(429, MS, "all_endpoints_busy", "busy 1"));
        metrics.record(RequestRecord.failed(503, MS, "no_endpoints_available", "none"));
        metrics.record(RequestRecord.failed(429, MS, "all_endpoints_busy", "busy 2"));
        metrics.record(ok(1, 2, 3));

        assertThat(metrics.summary(4, 1).errorsBy()).containsExactly(
                new ErrorCount(429, "all_endpoints_busy", 2, "busy 1"),
                new ErrorCount(503, "no_endpoints_available", 1, "none"));
        assertThat(metrics.allFailed()).isFalse();
    }

    @Test
    void errorKindsAreBounded() {
        RunMetrics metrics = new RunMetrics(null);
        for (int i = 0; i < ErrorBreakdown.MAX_KINDS + 10; i++) {
            metrics.record(RequestRecord.failed(500, MS, "code-" + i, "m"));
        }
        var kinds = metrics.summary(0, 1).errorsBy();
        assertThat(kinds).hasSize(ErrorBreakdown.MAX_KINDS + 1);
        assertThat(kinds.get(0)).isEqualTo(new ErrorCount(-1, "other", 10, "more kinds of errors than are listed"));
        assertThat(metrics.allFailed()).isTrue();
    }

    @Test
    void requestsWithoutAnEndpointHeaderAreNotInTheEndpointBreakdown() {
        RunMetrics metrics = new RunMetrics(null);
        metrics.record(ok(10, 100, 3));
        metrics.record(ok(50, 100, 3).servedBy("sim-b", null));
        metrics.record(RequestRecord.failed(502, MS).servedBy("sim-b", null));

        var endpoints = metrics.summary(3, 1).endpoints();
        assertThat(endpoints).containsOnlyKeys("sim-b");
        assertThat(endpoints.get("sim-b").requests()).isEqualTo(2);
        assertThat(endpoints.get("sim-b").errors()).isEqualTo(1);
        assertThat(endpoints.get("sim-b").ttftMs().p50()).isCloseTo(50, within(0.1));
    }

    @Test
    void estimatedTokensFlagTheWholeRun() {
        RunMetrics metrics = new RunMetrics(null);
        metrics.record(ok(1, 2, 3));
        metrics.record(new RequestRecord(200, false, MS, 2 * MS, new long[0], 3, true));
        assertThat(metrics.summary(2, 1).tokensEstimated()).isTrue();
    }
}
