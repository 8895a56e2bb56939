package org.llmlb.producer.simulator.entity;

import org.llmlb.wire.CommonError;
import org.llmlb.wire.ErrorType;

/** The failures the simulator answers, with their HTTP status and OpenAI error type and code. */
public enum Problem {

    INVALID_REQUEST(400, ErrorType.INVALID_REQUEST, "invalid_value"),
    CONTEXT_LENGTH_EXCEEDED(400, ErrorType.INVALID_REQUEST, "context_length_exceeded"),
    NOT_FOUND(CommonError.NOT_FOUND),
    METHOD_NOT_ALLOWED(CommonError.METHOD_NOT_ALLOWED),
    PAYLOAD_TOO_LARGE(CommonError.PAYLOAD_TOO_LARGE),
    RATE_LIMITED(429, ErrorType.REQUESTS, "rate_limit_exceeded"),
    SIMULATED_FAILURE(500, ErrorType.SERVER, "simulated_failure"),
    SIMULATED_HANG(500, ErrorType.SERVER, "simulated_hang");

    public final int status;
    public final ErrorType type;
    public final String code;

    Problem(CommonError common) {
        this(common.status, common.type, common.code);
    }

    Problem(int status, ErrorType type, String code) {
        this.status = status;
        this.type = type;
        this.code = code;
    }
}
