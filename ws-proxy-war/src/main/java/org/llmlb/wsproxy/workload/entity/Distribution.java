package org.llmlb.wsproxy.workload.entity;

import java.util.random.RandomGenerator;

/**
 * How many tokens a prompt or an answer has: the same value every time, any whole number in a
 * range with equal chance, or a normal distribution rounded and clamped to a range (so a long
 * tail cannot ask for a negative or absurd length).
 */
public sealed interface Distribution {

    int sample(RandomGenerator random);

    /** The value the samples centre on, for sizing and for the summary. */
    double mean();

    record Fixed(int value) implements Distribution {
        @Override
        public int sample(RandomGenerator random) {
            return value;
        }

        @Override
        public double mean() {
            return value;
        }
    }

    /** {@code min} to {@code max}, both included. */
    record Uniform(int min, int max) implements Distribution {
        @Override
        public int sample(RandomGenerator random) {
            return min + random.nextInt(max - min + 1);
        }

        @Override
        public double mean() {
            return (min + max) / 2.0;
        }
    }

    /** Rounded to the nearest whole number, then clamped to {@code [min, max]}. */
    record Normal(double mean, double stddev, int min, int max) implements Distribution {
        @Override
        public int sample(RandomGenerator random) {
            long v = Math.round(mean + stddev * random.nextGaussian());
            return (int) Math.max(min, Math.min(max, v));
        }
    }
}
