package org.llmlb.wsproxy.engine.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.engine.entity.LatencyHistogram;

class HistogramsTest {

    @Test
    void spreadsLatenciesOverRoundBucketsUpToTheTail() {
        Histogram h = new Histogram(3);
        for (int i = 0; i < 100; i++) {
            h.recordValue(10_000);   // 10 ms
        }
        for (int i = 0; i < 50; i++) {
            h.recordValue(75_000);   // 75 ms
        }
        LatencyHistogram out = Histograms.of(h).orElseThrow();
        assertThat(out.bucketMs()).isEqualTo(2.0);
        assertThat(out.counts().stream().mapToLong(Long::longValue).sum() + out.over()).isEqualTo(150);
        assertThat(out.counts().get(5)).isEqualTo(100);
        assertThat(out.counts().get(37)).isEqualTo(50);
        assertThat(out.counts()).hasSizeLessThanOrEqualTo(Histograms.BUCKETS);
    }

    @Test
    void anEmptyHistogramHasNoBuckets() {
        assertThat(Histograms.of(new Histogram(3))).isEmpty();
    }

    @Test
    void widthsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(Histograms.roundWidth(0.3)).isEqualTo(0.5);
        assertThat(Histograms.roundWidth(1.0)).isEqualTo(1.0);
        assertThat(Histograms.roundWidth(13)).isEqualTo(20);
        assertThat(Histograms.roundWidth(0)).isEqualTo(0.001);
    }
}
