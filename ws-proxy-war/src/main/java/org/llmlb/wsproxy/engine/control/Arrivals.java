package org.llmlb.wsproxy.engine.control;

import java.util.Random;

/**
 * Open-loop arrival times as offsets from the start of a run. Each offset is derived from the
 * start, never from when the previous request finished, so a slow target cannot lower the
 * offered rate and a late timer does not push later arrivals back.
 */
public final class Arrivals {

    private final double rate;
    private final Random poisson;
    private long index;
    private double poissonSeconds;

    private Arrivals(double rate, Random poisson) {
        this.rate = rate;
        this.poisson = poisson;
    }

    /** Arrival {@code i} at {@code i / rate} seconds. */
    public static Arrivals evenly(double rate) {
        return new Arrivals(rate, null);
    }

    /** Exponential gaps with mean {@code 1 / rate}; the seed makes a run repeatable. */
    public static Arrivals poisson(double rate, long seed) {
        return new Arrivals(rate, new Random(seed));
    }

    /** Nanoseconds after the start at which the next request is due. */
    public long nextOffsetNanos() {
        if (poisson == null) {
            return Math.round(index++ * 1e9 / rate);
        }
        long offset = Math.round(poissonSeconds * 1e9);
        // 1 - nextDouble() lies in (0, 1], so the logarithm is finite
        poissonSeconds += -Math.log(1 - poisson.nextDouble()) / rate;
        index++;
        return offset;
    }
}
