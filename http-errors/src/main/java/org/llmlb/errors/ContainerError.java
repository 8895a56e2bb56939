package org.llmlb.errors;

/**
 * What an error the container answers by itself says in the OpenAI shape: {@code type},
 * {@code code} and a message that names the method or path but no server detail.
 */
public record ContainerError(int status, String type, String code, String message) {

    /** Paths are quoted in messages up to this length; a longer one is cut. */
    static final int MAX_PATH_IN_MESSAGE = 200;

    public static ContainerError of(int status, String method, String path) {
        String shown = shown(path);
        return switch (status) {
            case 400 -> new ContainerError(400, "invalid_request_error", "invalid_request", "Bad request");
            case 401 -> new ContainerError(401, "authentication_error", "unauthorized", "Authentication required");
            case 403 -> new ContainerError(403, "permission_error", "forbidden", "Forbidden: " + shown);
            case 404 -> new ContainerError(404, "invalid_request_error", "not_found", "Unknown path " + shown);
            case 405 -> new ContainerError(405, "invalid_request_error", "method_not_allowed",
                    "Method " + shown(method) + " is not allowed on " + shown);
            case 406 -> new ContainerError(406, "invalid_request_error", "not_acceptable", "Not acceptable");
            case 408 -> new ContainerError(408, "invalid_request_error", "request_timeout", "Request timed out");
            case 411 -> new ContainerError(411, "invalid_request_error", "length_required", "Content-Length required");
            case 413 -> new ContainerError(413, "invalid_request_error", "payload_too_large", "Request too large");
            case 414 -> new ContainerError(414, "invalid_request_error", "uri_too_long", "Request URI too long");
            case 415 -> new ContainerError(415, "invalid_request_error", "unsupported_media_type", "Unsupported media type");
            case 429 -> new ContainerError(429, "rate_limit_error", "rate_limited", "Too many requests");
            case 431 -> new ContainerError(431, "invalid_request_error", "headers_too_large", "Request headers too large");
            case 500 -> new ContainerError(500, "server_error", "internal_error", "Internal error");
            case 503 -> new ContainerError(503, "server_error", "service_unavailable", "Service unavailable");
            default -> status >= 500
                    ? new ContainerError(status, "server_error", "internal_error", "Internal error")
                    : new ContainerError(status, "invalid_request_error", "invalid_request", "Invalid request");
        };
    }

    private static String shown(String text) {
        if (text == null || text.isEmpty()) {
            return "/";
        }
        return text.length() <= MAX_PATH_IN_MESSAGE ? text : text.substring(0, MAX_PATH_IN_MESSAGE) + "…";
    }
}
