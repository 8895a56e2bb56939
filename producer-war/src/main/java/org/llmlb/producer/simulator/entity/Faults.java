package org.llmlb.producer.simulator.entity;

/**
 * Injected failures, each with the probability that a request meets it (together at most 1).
 *
 * @param retryAfterSeconds the {@code Retry-After} of a simulated 429
 * @param hangMs            how long a hung request stays silent before it fails with a 500
 * @param seed              draws come from one seeded sequence per server, so a run repeats
 *                          exactly; null for unseeded draws
 */
public record Faults(double throttle, double contextLength, double serverError, double hang, double drop,
                     int retryAfterSeconds, long hangMs, Long seed) {

    public static final Faults NONE = new Faults(0, 0, 0, 0, 0, 1, 600_000, null);

    public double total() {
        return throttle + contextLength + serverError + hang + drop;
    }

    /** The fault that a uniform draw in [0, 1) picks: each kind owns a slice as wide as its rate. */
    public Fault pick(double draw) {
        double edge = throttle;
        if (draw < edge) {
            return Fault.THROTTLE;
        }
        edge += contextLength;
        if (draw < edge) {
            return Fault.CONTEXT_LENGTH;
        }
        edge += serverError;
        if (draw < edge) {
            return Fault.SERVER_ERROR;
        }
        edge += hang;
        if (draw < edge) {
            return Fault.HANG;
        }
        edge += drop;
        return draw < edge ? Fault.DROP : Fault.NONE;
    }
}
