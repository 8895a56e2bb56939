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

    @Test
    void aRampFromZeroToTwentyOverTenSecondsOffersAHundredAQuarterOfThemInTheFirstHalf() {
        List<Long> offsets = offsets(Arrivals.ramp(0, 20, 10), 200);
        assertThat(offsets.get(0)).isZero();
        assertThat(offsets).isSorted();
        assertThat(before(offsets, 10)).isEqualTo(100);
        assertThat(before(offsets, 5)).isEqualTo(25);
        // the integral of a 0 → 20/s ramp is t², so arrival i is at √i seconds
        assertThat(offsets.get(49)).isEqualTo(7_000_000_000L);
    }

    @Test
    void aRampHoldsItsFinalRateOnceItIsOver() {
        List<Long> offsets = offsets(Arrivals.ramp(0, 20, 10), 141);
        // 100 arrivals during the ramp, then one every 50 ms
        assertThat(offsets.get(100)).isEqualTo(10_000_000_000L);
        assertThat(offsets.get(140) - offsets.get(100)).isEqualTo(2_000_000_000L);
    }

    @Test
    void aFallingRampSlowsDown() {
        List<Long> offsets = offsets(Arrivals.ramp(20, 10, 10), 300);
        assertThat(offsets).isSorted();
        // the integral is 20t − t²/2: 150 arrivals in the ramp, 46.875 in its first 2.5 s
        assertThat(before(offsets, 10)).isEqualTo(150);
        assertThat(before(offsets, 2.5)).isEqualTo(47);
        assertThat(offsets.get(150) - offsets.get(149)).isCloseTo(100_000_000L, within(1_000_000L));
    }

    @Test
    void aFlatRampIsAConstantRate() {
        assertThat(offsets(Arrivals.ramp(4, 4, 10), 60)).isEqualTo(offsets(Arrivals.evenly(4), 60));
    }

    @Test
    void aBurstSendsItsSizeAtOnceEveryPeriod() {
        List<Long> offsets = offsets(Arrivals.burst(3, 2), 9);
        assertThat(offsets).containsExactly(0L, 0L, 0L, 2_000_000_000L, 2_000_000_000L, 2_000_000_000L,
                4_000_000_000L, 4_000_000_000L, 4_000_000_000L);
    }

    @Test
    void aBurstOfTenEveryTwoSecondsOffersThirtyInFiveSeconds() {
        assertThat(before(offsets(Arrivals.burst(10, 2), 100), 5)).isEqualTo(30);
    }

    private static long before(List<Long> offsets, double seconds) {
        return offsets.stream().filter(o -> o < seconds * 1e9).count();
    }

    private static List<Long> offsets(Arrivals arrivals, int n) {
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            offsets.add(arrivals.nextOffsetNanos());
        }
        return offsets;
    }
}
