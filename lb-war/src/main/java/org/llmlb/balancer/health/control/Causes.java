package org.llmlb.balancer.health.control;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLException;

/** What kind of failure an exception from the upstream client is, in words an operator can act on. */
public final class Causes {

    private static final int MAX_DETAIL = 200;
    /** How much of an endpoint's error body is kept for its operator. */
    public static final int BODY_BYTES = 200;

    public record Cause(String kind, String detail) {
    }

    private Causes() {
    }

    public static Cause of(Throwable error) {
        if (error instanceof SocketTimeoutException) {
            return new Cause("connect_timeout", "timed out connecting");
        }
        if (error instanceof ConnectException) {
            return new Cause("refused", "connection refused");
        }
        if (error instanceof UnknownHostException) {
            return new Cause("dns", "unknown host" + suffix(error.getMessage()));
        }
        if (error instanceof SSLException) {
            return new Cause("tls", "TLS handshake failed" + suffix(error.getMessage()));
        }
        if (error instanceof EOFException) {
            return new Cause("closed", "closed the connection");
        }
        return new Cause("io", error.getClass().getSimpleName() + suffix(error.getMessage()));
    }

    private static String suffix(String message) {
        return message == null || message.isBlank() ? "" : ": " + cut(message);
    }

    /** The first {@link #BODY_BYTES} of a body as one line of text, or null for none. */
    public static String bodyStart(byte[] body, int length) {
        int n = Math.min(length, BODY_BYTES);
        return body == null || n <= 0 ? null : cut(new String(body, 0, n, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** At most 200 characters, on one line. */
    public static String cut(String text) {
        String line = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL) + "…";
    }
}
