package org.llmlb.balancer.problems.entity;

import org.llmlb.wire.ErrorType;

/** Every error the balancer answers with, as OpenAI-shaped {@code type} and {@code code}. */
public enum Problem {
    INVALID_REQUEST(400, ErrorType.INVALID_REQUEST, "invalid_request"),
    UNAUTHORIZED(401, ErrorType.AUTHENTICATION, "unauthorized"),
    ORIGIN_NOT_ALLOWED(403, ErrorType.PERMISSION, "origin_not_allowed"),
    NOT_FOUND(404, ErrorType.INVALID_REQUEST, "not_found"),
    MODEL_NOT_FOUND(404, ErrorType.INVALID_REQUEST, "model_not_found"),
    METHOD_NOT_ALLOWED(405, ErrorType.INVALID_REQUEST, "method_not_allowed"),
    REQUEST_TIMEOUT(408, ErrorType.INVALID_REQUEST, "request_timeout"),
    PAYLOAD_TOO_LARGE(413, ErrorType.INVALID_REQUEST, "payload_too_large"),
    VALIDATION_ERROR(422, ErrorType.INVALID_REQUEST, "validation_error"),
    RATE_LIMITED(429, ErrorType.RATE_LIMIT, "rate_limited"),
    ALL_ENDPOINTS_BUSY(429, ErrorType.RATE_LIMIT, "all_endpoints_busy"),
    INTERNAL_ERROR(500, ErrorType.SERVER, "internal_error"),
    UPSTREAM_ERROR(502, ErrorType.SERVER, "upstream_error"),
    NO_ENDPOINTS_AVAILABLE(503, ErrorType.SERVER, "no_endpoints_available"),
    DRAINING(503, ErrorType.SERVER, "draining"),
    UPSTREAM_TIMEOUT(504, ErrorType.SERVER, "upstream_timeout");

    public final int status;
    public final ErrorType type;
    public final String code;

    Problem(int status, ErrorType type, String code) {
        this.status = status;
        this.type = type;
        this.code = code;
    }
}
