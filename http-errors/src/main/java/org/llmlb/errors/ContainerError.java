package org.llmlb.errors;

import org.llmlb.wire.CommonError;
import org.llmlb.wire.ErrorType;

/**
 * What an error the container answers by itself says in the OpenAI shape: the {@code type} and
 * {@code code} of its {@link CommonError} and a message that names the method or path but no
 * server detail.
 */
public record ContainerError(int status, ErrorType type, String code, String message) {

    /** Paths are quoted in messages up to this length; a longer one is cut. */
    static final int MAX_PATH_IN_MESSAGE = 200;

    public static ContainerError of(int status, String method, String path) {
        CommonError error = CommonError.of(status);
        return new ContainerError(status, error.type, error.code, message(error, method, shown(path)));
    }

    private static String message(CommonError error, String method, String path) {
        return switch (error) {
            case INVALID_REQUEST -> error.status == 400 ? "Bad request" : "Invalid request";
            case UNAUTHORIZED -> "Authentication required";
            case FORBIDDEN -> "Forbidden: " + path;
            case NOT_FOUND -> "Unknown path " + path;
            case METHOD_NOT_ALLOWED -> "Method " + shown(method) + " is not allowed on " + path;
            case NOT_ACCEPTABLE -> "Not acceptable";
            case REQUEST_TIMEOUT -> "Request timed out";
            case LENGTH_REQUIRED -> "Content-Length required";
            case PAYLOAD_TOO_LARGE -> "Request too large";
            case URI_TOO_LONG -> "Request URI too long";
            case UNSUPPORTED_MEDIA_TYPE -> "Unsupported media type";
            case RATE_LIMITED -> "Too many requests";
            case HEADERS_TOO_LARGE -> "Request headers too large";
            case INTERNAL_ERROR -> "Internal error";
            case SERVICE_UNAVAILABLE -> "Service unavailable";
        };
    }

    private static String shown(String text) {
        if (text == null || text.isEmpty()) {
            return "/";
        }
        return text.length() <= MAX_PATH_IN_MESSAGE ? text : text.substring(0, MAX_PATH_IN_MESSAGE) + "…";
    }
}
