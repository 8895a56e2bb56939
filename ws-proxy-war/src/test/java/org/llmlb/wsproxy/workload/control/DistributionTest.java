package org.llmlb.wsproxy.workload.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.workload.entity.Distribution;

class DistributionTest {

    static int[] samples(Distribution d, long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        return IntStream.range(0, n).map(i -> d.sample(random)).toArray();
    }

    @Test
    void theSameSeedGivesTheSameSequence() {
        Distribution normal = new Distribution.Normal(256, 64, 1, 2048);
        assertThat(samples(normal, 42, 1000)).containsExactly(samples(normal, 42, 1000));
        assertThat(samples(normal, 42, 1000)).isNotEqualTo(samples(normal, 43, 1000));
    }

    @Test
    void fixedIsAlwaysItsValue() {
        assertThat(samples(new Distribution.Fixed(128), 1, 100)).containsOnly(128);
    }

    @Test
    void uniformCoversItsRangeBothEndsIncludedAndNothingElse() {
        int[] s = samples(new Distribution.Uniform(10, 20), 7, 100_000);
        assertThat(IntStream.of(s).allMatch(v -> v >= 10 && v <= 20)).isTrue();
        assertThat(IntStream.of(s).distinct().count()).isEqualTo(11);
        assertThat(IntStream.of(s).average().orElseThrow()).isCloseTo(15, within(0.05));
    }

    @Test
    void normalHasItsMeanAndSpreadOnALargeSample() {
        int[] s = samples(new Distribution.Normal(500, 50, 1, 10_000), 3, 100_000);
        double mean = IntStream.of(s).average().orElseThrow();
        double sd = Math.sqrt(IntStream.of(s).mapToDouble(v -> (v - mean) * (v - mean)).sum() / s.length);
        assertThat(mean).isCloseTo(500, within(1.0));
        assertThat(sd).isCloseTo(50, within(1.0));
    }

    @Test
    void normalIsClampedToItsBounds() {
        int[] s = samples(new Distribution.Normal(100, 100, 20, 150), 5, 10_000);
        assertThat(IntStream.of(s).allMatch(v -> v >= 20 && v <= 150)).isTrue();
        assertThat(s).contains(20, 150);
    }
}
