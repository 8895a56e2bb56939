package org.llmlb.wsproxy.engine.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.llmlb.wsproxy.engine.entity.LatencyHistogram;

/**
 * A run's HdrHistogram (microseconds) as at most {@link #BUCKETS} linear buckets of a round
 * width (1, 2 or 5 × a power of ten milliseconds) that reach the 99.9th percentile.
 */
final class Histograms {

    static final int BUCKETS = 40;

    private Histograms() {
    }

    static Optional<LatencyHistogram> of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return Optional.empty();
        }
        double topMs = Math.max(h.getValueAtPercentile(99.9), h.getMinValue() + 1) / 1000.0;
        double width = roundWidth(topMs / BUCKETS);
        int buckets = (int) Math.min(BUCKETS, Math.floor(topMs / width) + 1);
        long[] counts = new long[buckets];
        long over = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            // the bucket of the value's equivalence range's middle, as HdrHistogram reports it
            double ms = h.medianEquivalentValue(v.getValueIteratedTo()) / 1000.0;
            int i = (int) Math.floor(ms / width);
            if (i >= buckets) {
                over += v.getCountAtValueIteratedTo();
            } else {
                counts[i] += v.getCountAtValueIteratedTo();
            }
        }
        List<Long> list = new ArrayList<>(buckets);
        for (long c : counts) {
            list.add(c);
        }
        return Optional.of(new LatencyHistogram(width, list, over));
    }

    /** The smallest 1, 2 or 5 × 10^k milliseconds of at least {@code ms} (at least 0.001). */
    static double roundWidth(double ms) {
        double v = Math.max(ms, 0.001);
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[]{1, 2, 5, 10}) {
            if (m * p >= v * (1 - 1e-9)) {
                return Math.round(m * p * 1e6) / 1e6;
            }
        }
        return 10 * p;
    }
}
