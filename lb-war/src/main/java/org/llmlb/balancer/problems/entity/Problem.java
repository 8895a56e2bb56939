package org.llmlb.balancer.problems.entity;

/** Every error the balancer answers with, as OpenAI-shaped {@code type} and {@code code}. */
public enum Problem {
    INVALID_REQUEST(400, "invalid_request_error", "invalid_request"),
    UNAUTHORIZED(401, "authentication_error", "unauthorized"),
    ORIGIN_NOT_ALLOWED(403, "permission_error", "origin_not_allowed"),
    NOT_FOUND(404, "invalid_request_error", "not_found"),
    MODEL_NOT_FOUND(404, "invalid_request_error", "model_not_found"),
    METHOD_NOT_ALLOWED(405, "invalid_request_error", "method_not_allowed"),
    PAYLOAD_TOO_LARGE(413, "invalid_request_error", "payload_too_large"),
    VALIDATION_ERROR(422, "invalid_request_error", "validation_error"),
    RATE_LIMITED(429, "rate_limit_error", "rate_limited"),
    ALL_ENDPOINTS_BUSY(429, "rate_limit_error", "all_endpoints_busy"),
    INTERNAL_ERROR(500, "server_error", "internal_error"),
    UPSTREAM_ERROR(502, "server_error", "upstream_error"),
    NO_ENDPOINTS_AVAILABLE(503, "server_error", "no_endpoints_available"),
    DRAINING(503, "server_error", "draining"),
    UPSTREAM_TIMEOUT(504, "server_error", "upstream_timeout");

    public final int status;
    public final String type;
    public final String code;

    Problem(int status, String type, String code) {
        this.status = status;
        this.type = type;
        this.code = code;
    }
}
