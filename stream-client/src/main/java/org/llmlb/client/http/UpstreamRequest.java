package org.llmlb.client.http;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One request to an upstream: where it goes and its bytes, built once (a retry on a fresh
 * connection sends the same bytes). Header names and values are checked here, the last line of
 * defence against a stored value that would smuggle a header line: CR, LF and other control
 * characters are refused.
 */
public final class UpstreamRequest {

    final boolean tls;
    final String host;
    final int port;
    final boolean verifyTls;
    /** Pool of kept-alive connections this request may use. */
    final String destination;
    final boolean head;
    private final byte[] requestHead;
    private final byte[] body;

    private UpstreamRequest(String method, URI target, String path, String[] headers, byte[] body, boolean verifyTls) {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("only http and https upstreams");
        }
        if (target.getHost() == null) {
            throw new IllegalArgumentException("upstream URL without a host");
        }
        this.tls = scheme.equals("https");
        this.host = target.getHost().startsWith("[") ? target.getHost().substring(1, target.getHost().length() - 1)
                : target.getHost();
        this.port = target.getPort() > 0 ? target.getPort() : tls ? 443 : 80;
        this.verifyTls = verifyTls;
        this.destination = (tls ? "s|" : "p|") + host + "|" + port + (tls && !verifyTls ? "|trust-all" : "");
        this.head = method.equals("HEAD");
        this.body = body == null ? new byte[0] : body;
        this.requestHead = head(method, path(target, path), headers, this.body.length);
    }

    /** A POST of {@code body} to {@code base}'s path followed by {@code path} (e.g. base .../v1 and /chat/completions). */
    public static UpstreamRequest post(URI base, String path, String[] headers, byte[] body, boolean verifyTls) {
        return new UpstreamRequest("POST", base, path, headers, body, verifyTls);
    }

    public static UpstreamRequest get(URI base, String path, String[] headers, boolean verifyTls) {
        return new UpstreamRequest("GET", base, path, headers, null, verifyTls);
    }

    /** The base URL's raw path and the operation's, as an OpenAI SDK joins them; the base's query is dropped. */
    private static String path(URI base, String path) {
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (basePath.endsWith("/") && path.startsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        String joined = basePath + path;
        return joined.isEmpty() ? "/" : joined;
    }

    /** The bytes to write: the head, then the body; fresh buffers each time, so a retry can send them again. */
    ByteBuffer[] wire() {
        return new ByteBuffer[]{ByteBuffer.wrap(requestHead), ByteBuffer.wrap(body)};
    }

    long wireLength() {
        return (long) requestHead.length + body.length;
    }

    private byte[] head(String method, String path, String[] headers, int length) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers come in name/value pairs");
        }
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) <= ' ' || path.charAt(i) >= 0x7f) {
                throw new IllegalArgumentException("request path with a space or control character");
            }
        }
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path);
        head.append(" HTTP/1.1\r\nHost: ");
        head.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
        if (port != (tls ? 443 : 80)) {
            head.append(':').append(port);
        }
        head.append("\r\n");
        if (!method.equals("GET") && !method.equals("HEAD")) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        for (int i = 0; i < headers.length; i += 2) {
            head.append(token(headers[i])).append(": ").append(value(headers[i], headers[i + 1])).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String token(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == ':') {
                throw new IllegalArgumentException("header name with a forbidden character");
            }
        }
        return name;
    }

    private static String value(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < ' ' && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("value of header " + name + " has a control or non-Latin-1 character");
            }
        }
        return value;
    }
}
