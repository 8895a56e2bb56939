package org.llmlb.wire;

import java.util.List;

/**
 * An error's {@code code} with the HTTP status and {@code type} it goes out with. The constants
 * are the errors that mean the same in every WAR: what the container answers by itself and what
 * a WAR's own refusals share with it. A WAR's own errors (a model not found, a simulated failure)
 * are further instances, never a redefinition of these.
 */
public record ErrorCode(int status, ErrorType type, String code) {

    public static final ErrorCode INVALID_REQUEST = new ErrorCode(400, ErrorType.INVALID_REQUEST, "invalid_request");
    public static final ErrorCode UNAUTHORIZED = new ErrorCode(401, ErrorType.AUTHENTICATION, "unauthorized");
    public static final ErrorCode FORBIDDEN = new ErrorCode(403, ErrorType.PERMISSION, "forbidden");
    public static final ErrorCode NOT_FOUND = new ErrorCode(404, ErrorType.INVALID_REQUEST, "not_found");
    public static final ErrorCode METHOD_NOT_ALLOWED = new ErrorCode(405, ErrorType.INVALID_REQUEST, "method_not_allowed");
    public static final ErrorCode NOT_ACCEPTABLE = new ErrorCode(406, ErrorType.INVALID_REQUEST, "not_acceptable");
    public static final ErrorCode REQUEST_TIMEOUT = new ErrorCode(408, ErrorType.INVALID_REQUEST, "request_timeout");
    public static final ErrorCode LENGTH_REQUIRED = new ErrorCode(411, ErrorType.INVALID_REQUEST, "length_required");
    public static final ErrorCode PAYLOAD_TOO_LARGE = new ErrorCode(413, ErrorType.INVALID_REQUEST, "payload_too_large");
    public static final ErrorCode URI_TOO_LONG = new ErrorCode(414, ErrorType.INVALID_REQUEST, "uri_too_long");
    public static final ErrorCode UNSUPPORTED_MEDIA_TYPE = new ErrorCode(415, ErrorType.INVALID_REQUEST,
            "unsupported_media_type");
    public static final ErrorCode RATE_LIMITED = new ErrorCode(429, ErrorType.RATE_LIMIT, "rate_limited");
    public static final ErrorCode HEADERS_TOO_LARGE = new ErrorCode(431, ErrorType.INVALID_REQUEST, "headers_too_large");
    public static final ErrorCode INTERNAL_ERROR = new ErrorCode(500, ErrorType.SERVER, "internal_error");
    public static final ErrorCode SERVICE_UNAVAILABLE = new ErrorCode(503, ErrorType.SERVER, "service_unavailable");

    /** The shared errors, one per status. */
    public static final List<ErrorCode> COMMON = List.of(INVALID_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND,
            METHOD_NOT_ALLOWED, NOT_ACCEPTABLE, REQUEST_TIMEOUT, LENGTH_REQUIRED, PAYLOAD_TOO_LARGE, URI_TOO_LONG,
            UNSUPPORTED_MEDIA_TYPE, RATE_LIMITED, HEADERS_TOO_LARGE, INTERNAL_ERROR, SERVICE_UNAVAILABLE);

    /** The shared error of this status; for one not shared, {@link #INTERNAL_ERROR} from 500 on, else {@link #INVALID_REQUEST}. */
    public static ErrorCode of(int status) {
        for (ErrorCode error : COMMON) {
            if (error.status == status) {
                return error;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
    }
}
