package org.llmlb.producer.simulator.entity;

import org.llmlb.wire.ErrorCode;
import org.llmlb.wire.ErrorType;

/** The failures the simulator answers: the shared ones of every WAR and the simulator's own. */
public final class Problem {

    public static final ErrorCode INVALID_REQUEST = new ErrorCode(400, ErrorType.INVALID_REQUEST, "invalid_value");
    public static final ErrorCode CONTEXT_LENGTH_EXCEEDED = new ErrorCode(400, ErrorType.INVALID_REQUEST,
            "context_length_exceeded");
    public static final ErrorCode NOT_FOUND = ErrorCode.NOT_FOUND;
    public static final ErrorCode METHOD_NOT_ALLOWED = ErrorCode.METHOD_NOT_ALLOWED;
    public static final ErrorCode PAYLOAD_TOO_LARGE = ErrorCode.PAYLOAD_TOO_LARGE;
    public static final ErrorCode RATE_LIMITED = new ErrorCode(429, ErrorType.REQUESTS, "rate_limit_exceeded");
    public static final ErrorCode SIMULATED_FAILURE = new ErrorCode(500, ErrorType.SERVER, "simulated_failure");
    public static final ErrorCode SIMULATED_HANG = new ErrorCode(500, ErrorType.SERVER, "simulated_hang");

    private Problem() {
    }
}
