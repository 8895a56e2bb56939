package org.llmlb.balancer.http.boundary;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.problems.boundary.ProblemWriter;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;

/**
 * Admin bodies over {@code LB_MAX_REQUEST_BODY_BYTES} get 413 without being read whole: a declared
 * length is refused up front; a body without one is read only up to one byte past the limit.
 * (The proxy servlet applies the same limit itself.)
 */
@WebFilter(urlPatterns = "/admin/api/*")
public class AdminBodyLimitFilter extends HttpFilter {

    @Inject
    @ConfigProperty(name = "lb.max.request.body.bytes")
    long maxBytes;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            ProblemWriter.write(response, tooLarge());
            return;
        }
        if (declared >= 0 || "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            ProblemWriter.write(response, tooLarge());
            return;
        }
        chain.doFilter(new Buffered(request, body), response);
    }

    private ProblemException tooLarge() {
        return new ProblemException(Problem.PAYLOAD_TOO_LARGE, "The request body exceeds " + maxBytes + " bytes");
    }

    /** The request with its (bounded) body already read. */
    private static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("blocking reads only");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
