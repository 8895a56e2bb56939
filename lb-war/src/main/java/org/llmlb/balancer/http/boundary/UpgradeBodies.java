package org.llmlb.balancer.http.boundary;

import java.io.IOException;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A request that asks to upgrade the connection ({@code Upgrade: h2c}, sent by the JDK's HTTP
 * client by default) and has a body. The balancer's listener speaks HTTP/1.1 only (see
 * {@code config/lb-preboot.txt}), so the upgrade is declined and the request served as HTTP/1.1;
 * but Grizzly then never marks the end of such a body, and a reader that reads to the end would
 * wait until the connection times out. Here the body ends at its {@code Content-Length} (and a
 * request without one, and not chunked, has none). Grizzly also closes the connection after such
 * a request, so the answer says {@code Connection: close}: the client opens a new one next time
 * instead of failing on a closed one.
 */
final class UpgradeBodies {

    private UpgradeBodies() {
    }

    /** The request to pass on: itself, or for an upgrade request with a body, one whose body ends at its length. */
    static HttpServletRequest bounded(HttpServletRequest request, HttpServletResponse response) {
        if (request.getHeader("Upgrade") == null || "HTTP/2.0".equals(request.getProtocol())) {
            return request;
        }
        // Grizzly closes the connection after answering it: say so, so the client does not reuse it
        response.setHeader("Connection", "close");
        // HTTP/1.1: without Content-Length and Transfer-Encoding a request has no body at all
        long length = request.getContentLengthLong();
        if (length < 0 && request.getHeader("Transfer-Encoding") == null) {
            length = 0;
        }
        return length >= 0 ? new LengthBound(request, length) : request;
    }

    private static final class LengthBound extends HttpServletRequestWrapper {
        private final long length;
        private ServletInputStream stream;

        LengthBound(HttpServletRequest request, long length) {
            super(request);
            this.length = length;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Bounded(super.getInputStream(), length);
            }
            return stream;
        }
    }

    private static final class Bounded extends ServletInputStream {
        private final ServletInputStream in;
        private long remaining;

        Bounded(ServletInputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(count, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return remaining <= 0 || in.isFinished();
        }

        @Override
        public boolean isReady() {
            return remaining <= 0 || in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
