package org.llmlb.errors;

import org.llmlb.wire.ErrorType;

/**
 * What an error the container answers by itself says in the OpenAI shape: {@code type},
 * {@code code} and a message that names the method or path but no server detail.
 */
public record ContainerError(int status, ErrorType type, String code, String message) {

    /** Paths are quoted in messages up to this length; a longer one is cut. */
    static final int MAX_PATH_IN_MESSAGE = 200;

    public static ContainerError of(int status, String method, String path) {
        String shown = shown(path);
        return switch (status) {
            case 400 -> new ContainerError(400, ErrorType.INVALID_REQUEST, "invalid_request", "Bad request");
            case 401 -> new ContainerError(401, ErrorType.AUTHENTICATION, "unauthorized", "Authentication required");
            case 403 -> new ContainerError(403, ErrorType.PERMISSION, "forbidden", "Forbidden: " + shown);
            case 404 -> new ContainerError(404, ErrorType.INVALID_REQUEST, "not_found", "Unknown path " + shown);
            case 405 -> new ContainerError(405, ErrorType.INVALID_REQUEST, "method_not_allowed",
                    "Method " + shown(method) + " is not allowed on " + shown);
            case 406 -> new ContainerError(406, ErrorType.INVALID_REQUEST, "not_acceptable", "Not acceptable");
            case 408 -> new ContainerError(408, ErrorType.INVALID_REQUEST, "request_timeout", "Request timed out");
            case 411 -> new ContainerError(411, ErrorType.INVALID_REQUEST, "length_required", "Content-Length required");
            case 413 -> new ContainerError(413, ErrorType.INVALID_REQUEST, "payload_too_large", "Request too large");
            case 414 -> new ContainerError(414, ErrorType.INVALID_REQUEST, "uri_too_long", "Request URI too long");
            case 415 -> new ContainerError(415, ErrorType.INVALID_REQUEST, "unsupported_media_type", "Unsupported media type");
            case 429 -> new ContainerError(429, ErrorType.RATE_LIMIT, "rate_limited", "Too many requests");
            case 431 -> new ContainerError(431, ErrorType.INVALID_REQUEST, "headers_too_large", "Request headers too large");
            case 500 -> new ContainerError(500, ErrorType.SERVER, "internal_error", "Internal error");
            case 503 -> new ContainerError(503, ErrorType.SERVER, "service_unavailable", "Service unavailable");
            default -> status >= 500
                    ? new ContainerError(status, ErrorType.SERVER, "internal_error", "Internal error")
                    : new ContainerError(status, ErrorType.INVALID_REQUEST, "invalid_request", "Invalid request");
        };
    }

    private static String shown(String text) {
        if (text == null || text.isEmpty()) {
            return "/";
        }
        return text.length() <= MAX_PATH_IN_MESSAGE ? text : text.substring(0, MAX_PATH_IN_MESSAGE) + "…";
    }
}
