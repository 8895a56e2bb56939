package org.llmlb.producer.simulator.control;

import org.llmlb.wire.ErrorCode;

/** A request the simulator refuses; the message is written for the client and safe to show. */
public class SimulationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** One of {@link org.llmlb.producer.simulator.entity.Problem}. */
    public final transient ErrorCode problem;
    /** The request field at fault, or null. */
    public final String param;
    /** Seconds for a {@code Retry-After} header, or 0 for none. */
    public final int retryAfterSeconds;

    public SimulationException(ErrorCode problem, String message) {
        this(problem, message, null, 0);
    }

    public SimulationException(ErrorCode problem, String message, String param, int retryAfterSeconds) {
        super(message, null, false, false);
        this.problem = problem;
        this.param = param;
        this.retryAfterSeconds = retryAfterSeconds;
    }
}
