package org.llmlb.balancer.proxy.control;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An endpoint's answer with its body still on the wire. Reading the body to its end gives the
 * connection back to the pool; {@link #abort()} closes it, which is how the endpoint learns that
 * nobody wants the rest.
 */
final class Http1Response implements AutoCloseable {

    final int status;
    /** Header names in lower case; repeated headers keep their last value. */
    final Map<String, String> headers;
    private final Http1Connection connection;
    private final Http1Client client;
    private final boolean keepAlive;
    private final boolean chunked;
    private long remaining;
    private boolean finished;
    private boolean released;

    Http1Response(int status, Map<String, String> headers, Http1Connection connection, Http1Client client,
                  boolean noBody) {
        this.status = status;
        this.headers = headers;
        this.connection = connection;
        this.client = client;
        String encoding = headers.getOrDefault("transfer-encoding", "");
        String length = headers.get("content-length");
        this.chunked = encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked");
        this.keepAlive = !"close".equalsIgnoreCase(headers.getOrDefault("connection", ""))
                && (chunked || length != null || noBody);
        this.remaining = noBody ? 0 : chunked ? 0 : length != null ? Long.parseLong(length.trim()) : -1;
        this.finished = noBody || (!chunked && remaining == 0);
    }

    String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    /** Reads the next body bytes into {@code buffer}; -1 at the end of the body. */
    int read(byte[] buffer, int offset, int length) throws IOException {
        if (finished) {
            return -1;
        }
        InputStream in = connection.in;
        if (chunked) {
            if (remaining == 0) {
                remaining = chunkSize(in);
                if (remaining == 0) {
                    skipTrailers(in);
                    finished = true;
                    return -1;
                }
            }
        } else if (remaining < 0) {
            int n = in.read(buffer, offset, length);
            if (n < 0) {
                finished = true;
            }
            return n;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw new EOFException("endpoint closed the connection in the middle of the body");
        }
        remaining -= n;
        if (remaining == 0) {
            if (chunked) {
                expectCrlf(in);
            } else {
                finished = true;
            }
        }
        return n;
    }

    byte[] readAll(long limit) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(remaining > 0 ? (int) Math.min(remaining, limit) : 1024);
        byte[] buffer = new byte[8192];
        int n;
        while ((n = read(buffer, 0, buffer.length)) >= 0) {
            body.write(buffer, 0, n);
            if (body.size() > limit) {
                throw new IOException("endpoint answer larger than " + limit + " bytes");
            }
        }
        return body.toByteArray();
    }

    private static long chunkSize(InputStream in) throws IOException {
        String line = line(in);
        int end = line.indexOf(';');
        try {
            return Long.parseLong((end < 0 ? line : line.substring(0, end)).trim(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("malformed chunk size");
        }
    }

    private static void skipTrailers(InputStream in) throws IOException {
        while (!line(in).isEmpty()) {
            // trailers carry nothing the balancer uses
        }
    }

    private static void expectCrlf(InputStream in) throws IOException {
        if (!line(in).isEmpty()) {
            throw new IOException("malformed chunk end");
        }
    }

    /** One CRLF- or LF-terminated line of the head or of chunk framing, in ISO-8859-1. */
    static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(32);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("endpoint closed the connection");
            }
            if (line.length() > 16 * 1024) {
                throw new IOException("header line too long");
            }
            line.append((char) c);
        }
        int length = line.length();
        if (length > 0 && line.charAt(length - 1) == '\r') {
            line.setLength(length - 1);
        }
        return line.toString();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Gives the connection back when the body was read to its end, else closes it. */
    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        if (finished && keepAlive) {
            client.release(connection);
        } else {
            connection.close();
        }
    }

    /** Stops the endpoint's work: the connection is closed, whatever state it is in. */
    void abort() {
        released = true;
        connection.close();
    }
}
