package org.llmlb.wire;

/** The {@code type} member of an OpenAI error body: the few every WAR answers with. */
public enum ErrorType {
    INVALID_REQUEST("invalid_request_error"),
    AUTHENTICATION("authentication_error"),
    PERMISSION("permission_error"),
    RATE_LIMIT("rate_limit_error"),
    /** OpenAI's own 429 (with code {@code rate_limit_exceeded}), as the simulator plays it. */
    REQUESTS("requests"),
    SERVER("server_error");

    /** As it stands in the body. */
    public final String wire;

    ErrorType(String wire) {
        this.wire = wire;
    }
}
