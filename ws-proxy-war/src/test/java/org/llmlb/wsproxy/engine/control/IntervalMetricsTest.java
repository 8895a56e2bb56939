package org.llmlb.wsproxy.engine.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.engine.entity.RequestRecord;
import org.llmlb.wsproxy.engine.entity.Second;

class IntervalMetricsTest {

    static final long MS = 1_000_000;

    static RequestRecord ok(long ttftMs, long e2eMs, long gapMs) {
        return new RequestRecord(200, false, ttftMs * MS, e2eMs * MS, new long[] {gapMs * MS, gapMs * MS}, 3, false);
    }

    @Test
    void aSecondHoldsPercentilesOfWhatCompletedInIt() {
        IntervalMetrics interval = new IntervalMetrics();
        for (int i = 1; i <= 100; i++) {
            interval.offered();
            interval.record(ok(i, 10 * i, 5));
        }
        interval.record(RequestRecord.failed(503, 2 * MS));

        Second second = interval.take(1.5, 4);

        assertThat(second.elapsedSeconds()).isEqualTo(1.5);
        assertThat(second.inFlight()).isEqualTo(4);
        assertThat(second.offered()).isEqualTo(100);
        assertThat(second.requests()).isEqualTo(101);
        assertThat(second.errors()).isEqualTo(1);
        assertThat(second.outputTokens()).isEqualTo(300);
        assertThat(second.ttftMs().p50()).isCloseTo(50, within(0.1));
        assertThat(second.ttftMs().p95()).isCloseTo(95, within(0.1));
        assertThat(second.ttftMs().p99()).isCloseTo(99, within(0.1));
        // the failure's 2 ms is not a latency
        assertThat(second.e2eMs().p50()).isCloseTo(500, within(1.0));
        assertThat(second.itlMs().p99()).isCloseTo(5, within(0.01));
    }

    @Test
    void eachTakeStartsAFreshInterval() {
        IntervalMetrics interval = new IntervalMetrics();
        interval.offered();
        interval.record(ok(900, 1000, 10));
        interval.take(1, 0);
        interval.record(ok(100, 200, 10));

        Second second = interval.take(2, 0);
        Second empty = interval.take(3, 0);

        assertThat(second.requests()).isEqualTo(1);
        assertThat(second.offered()).isZero();
        assertThat(second.ttftMs().p99()).isCloseTo(100, within(0.1));
        assertThat(empty.requests()).isZero();
        assertThat(empty.ttftMs()).isNull();
        assertThat(empty.e2eMs()).isNull();
        assertThat(empty.itlMs()).isNull();
    }

    @Test
    void onlyErrorsLeaveTheLatenciesEmpty() {
        IntervalMetrics interval = new IntervalMetrics();
        interval.record(RequestRecord.failed(0, MS));

        Second second = interval.take(1, 0);

        assertThat(second.errors()).isEqualTo(1);
        assertThat(second.e2eMs()).isNull();
    }
}
