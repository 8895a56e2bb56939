package org.llmlb.producer.simulator.entity;

/** The failures the simulator answers, with their HTTP status and OpenAI error type and code. */
public enum Problem {

    INVALID_REQUEST(400, "invalid_request_error", "invalid_value"),
    CONTEXT_LENGTH_EXCEEDED(400, "invalid_request_error", "context_length_exceeded"),
    NOT_FOUND(404, "invalid_request_error", "not_found"),
    METHOD_NOT_ALLOWED(405, "invalid_request_error", "method_not_allowed"),
    PAYLOAD_TOO_LARGE(413, "invalid_request_error", "payload_too_large"),
    // OpenAI's own 429: type "requests", code "rate_limit_exceeded"
    RATE_LIMITED(429, "requests", "rate_limit_exceeded"),
    SIMULATED_FAILURE(500, "server_error", "simulated_failure"),
    SIMULATED_HANG(500, "server_error", "simulated_hang");

    public final int status;
    public final String type;
    public final String code;

    Problem(int status, String type, String code) {
        this.status = status;
        this.type = type;
        this.code = code;
    }
}
