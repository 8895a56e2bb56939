package org.llmlb.balancer.problems.entity;

import org.llmlb.wire.ErrorCode;
import org.llmlb.wire.ErrorType;

/** Every error the balancer answers with, as OpenAI-shaped {@code type} and {@code code}. */
public enum Problem {
    INVALID_REQUEST(ErrorCode.INVALID_REQUEST),
    UNAUTHORIZED(ErrorCode.UNAUTHORIZED),
    ORIGIN_NOT_ALLOWED(403, ErrorType.PERMISSION, "origin_not_allowed"),
    NOT_FOUND(ErrorCode.NOT_FOUND),
    MODEL_NOT_FOUND(404, ErrorType.INVALID_REQUEST, "model_not_found"),
    METHOD_NOT_ALLOWED(ErrorCode.METHOD_NOT_ALLOWED),
    REQUEST_TIMEOUT(ErrorCode.REQUEST_TIMEOUT),
    PAYLOAD_TOO_LARGE(ErrorCode.PAYLOAD_TOO_LARGE),
    VALIDATION_ERROR(422, ErrorType.INVALID_REQUEST, "validation_error"),
    RATE_LIMITED(ErrorCode.RATE_LIMITED),
    ALL_ENDPOINTS_BUSY(429, ErrorType.RATE_LIMIT, "all_endpoints_busy"),
    INTERNAL_ERROR(ErrorCode.INTERNAL_ERROR),
    UPSTREAM_ERROR(502, ErrorType.SERVER, "upstream_error"),
    NO_ENDPOINTS_AVAILABLE(503, ErrorType.SERVER, "no_endpoints_available"),
    DRAINING(503, ErrorType.SERVER, "draining"),
    DATABASE_UNAVAILABLE(503, ErrorType.SERVER, "database_unavailable"),
    UPSTREAM_TIMEOUT(504, ErrorType.SERVER, "upstream_timeout");

    public final int status;
    public final ErrorType type;
    public final String code;

    Problem(ErrorCode shared) {
        this(shared.status(), shared.type(), shared.code());
    }

    Problem(int status, ErrorType type, String code) {
        this.status = status;
        this.type = type;
        this.code = code;
    }
}
