package org.llmlb.wsproxy.engine.entity;

/** The load shape: how many requests are in flight, or when they start. */
public sealed interface LoadProfile {

    /** Closed loop: each of {@code concurrency} workers sends its next request when the last ends. */
    record ConstantConcurrency(int concurrency) implements LoadProfile {
    }

    /** Open loop: {@code rate} arrivals per second, evenly spaced or with exponential gaps. */
    record ConstantRate(double rate, boolean poisson) implements LoadProfile {
    }

    /**
     * Open loop: the rate moves linearly from {@code fromRate} to {@code toRate} over
     * {@code overSeconds}, then holds {@code toRate}, to find where a target starts to suffer.
     */
    record Ramp(double fromRate, double toRate, double overSeconds) implements LoadProfile {
    }

    /** Open loop: {@code size} requests at once every {@code everySeconds}, starting at once. */
    record Burst(int size, double everySeconds) implements LoadProfile {
    }
}
