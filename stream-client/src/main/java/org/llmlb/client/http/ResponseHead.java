package org.llmlb.client.http;

import java.util.Map;

/**
 * Status and headers of an upstream's answer; header names in lower case, a repeated header keeps
 * its last value. {@code contentLength} is the body's length when {@code Content-Length} frames it,
 * else -1 (chunked, until the connection ends, or no body).
 */
public record ResponseHead(int status, Map<String, String> headers, long contentLength) {

    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }
}
