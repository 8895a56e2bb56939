package org.llmlb.wsproxy.engine.control;

import java.util.Random;
import java.util.function.LongToDoubleFunction;

import org.llmlb.wsproxy.engine.entity.LoadProfile;

/**
 * Open-loop arrival times as offsets from the start of a run. Each offset is derived from the
 * start, never from when the previous request finished, so a slow target cannot lower the
 * offered rate and a late timer does not push later arrivals back.
 */
public final class Arrivals {

    /** Seconds after the start of arrival {@code i}, for the shapes that are a formula. */
    private final LongToDoubleFunction schedule;
    private final double rate;
    private final Random poisson;
    private long index;
    private double poissonSeconds;

    private Arrivals(LongToDoubleFunction schedule) {
        this.schedule = schedule;
        this.rate = 0;
        this.poisson = null;
    }

    private Arrivals(double rate, Random poisson) {
        this.schedule = null;
        this.rate = rate;
        this.poisson = poisson;
    }

    /** The arrivals of an open-loop profile; {@code seed} makes Poisson gaps repeatable. */
    public static Arrivals of(LoadProfile profile, long seed) {
        if (profile instanceof LoadProfile.ConstantRate r) {
            return r.poisson() ? poisson(r.rate(), seed) : evenly(r.rate());
        }
        if (profile instanceof LoadProfile.Ramp r) {
            return ramp(r.fromRate(), r.toRate(), r.overSeconds());
        }
        if (profile instanceof LoadProfile.Burst b) {
            return burst(b.size(), b.everySeconds());
        }
        throw new IllegalArgumentException(profile + " has no arrival times: it is closed loop");
    }

    /** Arrival {@code i} at {@code i / rate} seconds. */
    public static Arrivals evenly(double rate) {
        return new Arrivals(i -> i / rate);
    }

    /** Exponential gaps with mean {@code 1 / rate}; the seed makes a run repeatable. */
    public static Arrivals poisson(double rate, long seed) {
        return new Arrivals(rate, new Random(seed));
    }

    /**
     * Arrival {@code i} when the integral of the rate reaches {@code i}: while ramping that is
     * {@code from·t + k·t² = i} with {@code k = (to − from) / 2T}, solved in the form
     * {@code t = 2i / (from + √(from² + 4ki))}, which stays exact when {@code k} is zero or tiny.
     */
    public static Arrivals ramp(double fromRate, double toRate, double overSeconds) {
        double k = (toRate - fromRate) / (2 * overSeconds);
        double rampArrivals = (fromRate + toRate) * overSeconds / 2;
        return new Arrivals(i -> {
            if (i == 0) {
                return 0;
            }
            if (i > rampArrivals) {
                return overSeconds + (i - rampArrivals) / toRate;
            }
            return 2 * i / (fromRate + Math.sqrt(Math.max(0, fromRate * fromRate + 4 * k * i)));
        });
    }

    /** {@code size} arrivals at 0, {@code everySeconds}, 2·{@code everySeconds}, … */
    public static Arrivals burst(int size, double everySeconds) {
        return new Arrivals(i -> (i / size) * everySeconds);
    }

    /** Nanoseconds after the start at which the next request is due. */
    public long nextOffsetNanos() {
        if (poisson == null) {
            return Math.round(schedule.applyAsDouble(index++) * 1e9);
        }
        long offset = Math.round(poissonSeconds * 1e9);
        // 1 - nextDouble() lies in (0, 1], so the logarithm is finite
        poissonSeconds += -Math.log(1 - poisson.nextDouble()) / rate;
        index++;
        return offset;
    }
}
