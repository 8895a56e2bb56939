package org.llmlb.balancer.stats.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class HistogramTest {

    final Histogram histogram = new Histogram(0.1, 1, 10);

    @Test
    void aValueOnABoundCountsInThatBucketAsPrometheusLeSays() {
        assertThat(histogram.bucket(TimeUnit.MILLISECONDS.toNanos(100))).isZero();
        assertThat(histogram.bucket(TimeUnit.MILLISECONDS.toNanos(100) + 1)).isEqualTo(1);
        assertThat(histogram.bucket(TimeUnit.SECONDS.toNanos(1))).isEqualTo(1);
        assertThat(histogram.bucket(TimeUnit.SECONDS.toNanos(10))).isEqualTo(2);
    }

    @Test
    void valuesAboveTheLastBoundGoToInfinity() {
        assertThat(histogram.bucket(TimeUnit.SECONDS.toNanos(11))).isEqualTo(3);
        assertThat(histogram.bucket(Long.MAX_VALUE)).isEqualTo(3);
    }

    @Test
    void snapshotIsCumulativeWithCountAndSum() {
        histogram.observe(TimeUnit.MILLISECONDS.toNanos(50));
        histogram.observe(TimeUnit.MILLISECONDS.toNanos(500));
        histogram.observe(TimeUnit.MILLISECONDS.toNanos(700));
        histogram.observe(TimeUnit.SECONDS.toNanos(30));

        Histogram.Snapshot snapshot = histogram.snapshot();

        assertThat(snapshot.bounds()).containsExactly(0.1, 1, 10);
        assertThat(snapshot.cumulative()).containsExactly(1, 3, 3, 4);
        assertThat(snapshot.count()).isEqualTo(4);
        assertThat(snapshot.sumSeconds()).isCloseTo(31.25, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void negativeDurationsCountAsZero() {
        histogram.observe(-5);
        assertThat(histogram.snapshot().cumulative()).containsExactly(1, 1, 1, 1);
        assertThat(histogram.snapshot().sumSeconds()).isZero();
    }

    @Test
    void concurrentObservationsAreAllCounted() {
        IntStream.range(0, 10_000).parallel().forEach(i -> histogram.observe(TimeUnit.MILLISECONDS.toNanos(i % 20)));
        assertThat(histogram.snapshot().count()).isEqualTo(10_000);
        assertThat(histogram.snapshot().cumulative()[0]).isEqualTo(10_000);
    }

    @Test
    void boundsMustIncrease() {
        assertThatThrownBy(() -> new Histogram(1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(Histogram::new).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quantilesInterpolateWithinTheirBucketAndAreNullWithoutData() {
        Histogram h = new Histogram(0.1, 0.2, 0.4);
        assertThat(h.snapshot().quantile(0.5)).isNull();
        IntStream.range(0, 10).forEach(i -> h.observe(TimeUnit.MILLISECONDS.toNanos(150)));
        IntStream.range(0, 10).forEach(i -> h.observe(TimeUnit.MILLISECONDS.toNanos(300)));
        // ranks 0–10 lie in (0.1, 0.2], ranks 10–20 in (0.2, 0.4]
        assertThat(h.snapshot().quantile(0.25)).isCloseTo(0.15, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(h.snapshot().quantile(0.5)).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(h.snapshot().quantile(0.75)).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
        h.observe(TimeUnit.SECONDS.toNanos(9));
        assertThat(h.snapshot().quantile(1.0)).isEqualTo(0.4);
    }
}
