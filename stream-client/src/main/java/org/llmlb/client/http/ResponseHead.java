package org.llmlb.client.http;

import java.util.Map;

/** Status and headers of an upstream's answer; header names in lower case, a repeated header keeps its last value. */
public record ResponseHead(int status, Map<String, String> headers) {

    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }
}
