package org.llmlb.balancer.stats.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestMetricsTest {

    final RequestMetrics metrics = new RequestMetrics();

    @Test
    void countsByExactStatusAndTimesEveryRequest() {
        metrics.finished(200, 1_000_000);
        metrics.finished(200, 1_000_000);
        metrics.finished(502, 1_000_000);

        long[] byStatus = metrics.byStatus();
        assertThat(byStatus[200 - 100]).isEqualTo(2);
        assertThat(byStatus[502 - 100]).isEqualTo(1);
        assertThat(RequestMetrics.status(402)).isEqualTo(502);
        assertThat(metrics.duration().count()).isEqualTo(3);
    }

    @Test
    void statusesOutsideHttpsRangeAreTimedButGetNoLabel() {
        metrics.finished(0, 1_000);
        metrics.finished(999, 1_000);

        assertThat(metrics.byStatus()).containsOnly(0L);
        assertThat(metrics.duration().count()).isEqualTo(2);
    }

    @Test
    void firstTokenAndFailoversAreSeparate() {
        metrics.firstToken(2_000_000);
        metrics.failover();
        assertThat(metrics.timeToFirstToken().count()).isEqualTo(1);
        assertThat(metrics.duration().count()).isZero();
        assertThat(metrics.failovers()).isEqualTo(1);
    }
}
