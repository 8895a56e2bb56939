package org.llmlb.wsproxy.engine.control;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLException;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;

import org.llmlb.wsproxy.engine.entity.RequestRecord;

/**
 * What a failed request is called in the error breakdown: the code and message of an OpenAI-shaped
 * error body ({@code {"error":{"message","type","code"}}}), or the kind of I/O failure. Messages
 * are cut short and stripped of control characters, since they come from whatever the target sent.
 */
record ErrorText(String code, String message) {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final int MAX_MESSAGE = 200;

    static ErrorText of(int status, byte[] body, int length) {
        String fallback = "http_" + status;
        if (length == 0) {
            return new ErrorText(fallback, "HTTP " + status + " without a body");
        }
        try {
            JsonObject error = JSON.createReader(new ByteArrayInputStream(body, 0, length)).readObject()
                    .getJsonObject("error");
            String code = error.get("code") instanceof JsonString c && !c.getString().isBlank() ? c.getString()
                    : error.get("type") instanceof JsonString t && !t.getString().isBlank() ? t.getString() : fallback;
            String message = error.get("message") instanceof JsonString m ? m.getString() : "";
            return new ErrorText(clean(code, 64), clean(message, MAX_MESSAGE));
        } catch (JsonException | ClassCastException | NullPointerException notOpenAiShaped) {
            return new ErrorText(fallback, clean(new String(body, 0, Math.min(length, MAX_MESSAGE * 4),
                    StandardCharsets.UTF_8), MAX_MESSAGE));
        }
    }

    /** No answer at all: the record names the kind of failure, never the exception's own text. */
    static RequestRecord failure(Throwable error, long e2eNanos) {
        String code;
        String message;
        if (error instanceof SocketTimeoutException) {
            code = "connect_timeout";
            message = "timed out connecting to the target";
        } else if (error instanceof ConnectException) {
            code = "connect_failed";
            message = "the target refused the connection";
        } else if (error instanceof UnknownHostException) {
            code = "unknown_host";
            message = "the target's host name does not resolve";
        } else if (error instanceof SSLException) {
            code = "tls_failed";
            message = "the TLS handshake with the target failed";
        } else if (error instanceof EOFException) {
            code = "connection_closed";
            message = "the target closed the connection before the answer was complete";
        } else {
            code = "io_error";
            message = "I/O failure (" + error.getClass().getSimpleName() + ")";
        }
        return RequestRecord.failed(0, e2eNanos, code, message);
    }

    private static String clean(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString().strip();
    }
}
