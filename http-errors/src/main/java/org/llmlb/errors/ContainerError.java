package org.llmlb.errors;

import org.llmlb.wire.ErrorCode;
import org.llmlb.wire.ErrorType;

/**
 * What an error the container answers by itself says in the OpenAI shape: the {@code type} and
 * {@code code} of the shared {@link ErrorCode} of its status and a message that names the method or path but no
 * server detail.
 */
public record ContainerError(int status, ErrorType type, String code, String message) {

    /** Paths are quoted in messages up to this length; a longer one is cut. */
    static final int MAX_PATH_IN_MESSAGE = 200;

    public static ContainerError of(int status, String method, String path) {
        ErrorCode error = ErrorCode.of(status);
        return new ContainerError(status, error.type(), error.code(), message(error.status(), method, shown(path)));
    }

    private static String message(int status, String method, String path) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Authentication required";
            case 403 -> "Forbidden: " + path;
            case 404 -> "Unknown path " + path;
            case 405 -> "Method " + shown(method) + " is not allowed on " + path;
            case 406 -> "Not acceptable";
            case 408 -> "Request timed out";
            case 411 -> "Content-Length required";
            case 413 -> "Request too large";
            case 414 -> "Request URI too long";
            case 415 -> "Unsupported media type";
            case 429 -> "Too many requests";
            case 431 -> "Request headers too large";
            case 503 -> "Service unavailable";
            default -> status >= 500 ? "Internal error" : "Invalid request";
        };
    }

    private static String shown(String text) {
        if (text == null || text.isEmpty()) {
            return "/";
        }
        return text.length() <= MAX_PATH_IN_MESSAGE ? text : text.substring(0, MAX_PATH_IN_MESSAGE) + "…";
    }
}
