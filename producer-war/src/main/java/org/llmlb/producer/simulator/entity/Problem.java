package org.llmlb.producer.simulator.entity;

import org.llmlb.wire.ErrorType;

/** The failures the simulator answers, with their HTTP status and OpenAI error type and code. */
public enum Problem {

    INVALID_REQUEST(400, ErrorType.INVALID_REQUEST, "invalid_value"),
    CONTEXT_LENGTH_EXCEEDED(400, ErrorType.INVALID_REQUEST, "context_length_exceeded"),
    NOT_FOUND(404, ErrorType.INVALID_REQUEST, "not_found"),
    METHOD_NOT_ALLOWED(405, ErrorType.INVALID_REQUEST, "method_not_allowed"),
    PAYLOAD_TOO_LARGE(413, ErrorType.INVALID_REQUEST, "payload_too_large"),
    // OpenAI's own 429: type ErrorType.REQUESTS, code "rate_limit_exceeded"
    RATE_LIMITED(429, ErrorType.REQUESTS, "rate_limit_exceeded"),
    SIMULATED_FAILURE(500, ErrorType.SERVER, "simulated_failure"),
    SIMULATED_HANG(500, ErrorType.SERVER, "simulated_hang");

    public final int status;
    public final ErrorType type;
    public final String code;

    Problem(int status, ErrorType type, String code) {
        this.status = status;
        this.type = type;
        this.code = code;
    }
}
