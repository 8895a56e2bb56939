package org.llmlb.wsproxy.engine.entity;

/** The load shape: how many requests are in flight, or how often they start. */
public sealed interface LoadProfile {

    /** Closed loop: each of {@code concurrency} workers sends its next request when the last ends. */
    record ConstantConcurrency(int concurrency) implements LoadProfile {
    }

    /** Open loop: {@code rate} arrivals per second, evenly spaced or with exponential gaps. */
    record ConstantRate(double rate, boolean poisson) implements LoadProfile {
    }
}
