package org.llmlb.wsproxy.engine.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ArrivalsTest {

    @Test
    void evenArrivalsAreSpacedByTheInverseOfTheRate() {
        Arrivals arrivals = Arrivals.evenly(20);
        assertThat(List.of(arrivals.nextOffsetNanos(), arrivals.nextOffsetNanos(), arrivals.nextOffsetNanos()))
                .containsExactly(0L, 50_000_000L, 100_000_000L);
    }

    @Test
    void evenArrivalsDoNotDriftOverManyRequests() {
        Arrivals arrivals = Arrivals.evenly(3);
        long last = 0;
        for (int i = 0; i <= 3000; i++) {
            last = arrivals.nextOffsetNanos();
        }
        assertThat(last).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void poissonArrivalsAreRepeatableForASeed() {
        assertThat(offsets(Arrivals.poisson(10, 42), 50)).isEqualTo(offsets(Arrivals.poisson(10, 42), 50));
        assertThat(offsets(Arrivals.poisson(10, 42), 50)).isNotEqualTo(offsets(Arrivals.poisson(10, 43), 50));
    }

    @Test
    void poissonArrivalsKeepTheMeanRateAndIncrease() {
        List<Long> offsets = offsets(Arrivals.poisson(50, 7), 20_001);
        assertThat(offsets.get(0)).isZero();
        assertThat(offsets).isSorted();
        double seconds = offsets.get(20_000) / 1e9;
        assertThat(20_000 / seconds).isCloseTo(50, within(2.0));
    }

    private static List<Long> offsets(Arrivals arrivals, int n) {
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            offsets.add(arrivals.nextOffsetNanos());
        }
        return offsets;
    }
}
