package org.llmlb.wire;

/**
 * The errors that mean the same in every WAR, with their HTTP status, {@code type} and
 * {@code code}: what the container answers by itself and what a WAR's own refusals share with
 * it. A WAR's own errors (a model not found, a simulated failure) add to these, never redefine them.
 */
public enum CommonError {
    INVALID_REQUEST(400, ErrorType.INVALID_REQUEST, "invalid_request"),
    UNAUTHORIZED(401, ErrorType.AUTHENTICATION, "unauthorized"),
    FORBIDDEN(403, ErrorType.PERMISSION, "forbidden"),
    NOT_FOUND(404, ErrorType.INVALID_REQUEST, "not_found"),
    METHOD_NOT_ALLOWED(405, ErrorType.INVALID_REQUEST, "method_not_allowed"),
    NOT_ACCEPTABLE(406, ErrorType.INVALID_REQUEST, "not_acceptable"),
    REQUEST_TIMEOUT(408, ErrorType.INVALID_REQUEST, "request_timeout"),
    LENGTH_REQUIRED(411, ErrorType.INVALID_REQUEST, "length_required"),
    PAYLOAD_TOO_LARGE(413, ErrorType.INVALID_REQUEST, "payload_too_large"),
    URI_TOO_LONG(414, ErrorType.INVALID_REQUEST, "uri_too_long"),
    UNSUPPORTED_MEDIA_TYPE(415, ErrorType.INVALID_REQUEST, "unsupported_media_type"),
    RATE_LIMITED(429, ErrorType.RATE_LIMIT, "rate_limited"),
    HEADERS_TOO_LARGE(431, ErrorType.INVALID_REQUEST, "headers_too_large"),
    INTERNAL_ERROR(500, ErrorType.SERVER, "internal_error"),
    SERVICE_UNAVAILABLE(503, ErrorType.SERVER, "service_unavailable");

    public final int status;
    public final ErrorType type;
    public final String code;

    CommonError(int status, ErrorType type, String code) {
        this.status = status;
        this.type = type;
        this.code = code;
    }

    /** The error of this status; for one not listed, {@link #INTERNAL_ERROR} from 500 on, else {@link #INVALID_REQUEST}. */
    public static CommonError of(int status) {
        for (CommonError error : values()) {
            if (error.status == status) {
                return error;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
    }
}
