package org.llmlb.balancer.admin.boundary;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.control.RequestContextController;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
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
import org.llmlb.balancer.http.boundary.BodyReader;
import org.llmlb.balancer.problems.boundary.ProblemWriter;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;

/**
 * Admin bodies are read before the admin API sees them: without blocking a thread (a client that
 * sends one byte a second holds none), bounded by {@code LB_MAX_REQUEST_BODY_BYTES} (413; a
 * declared length over it is refused up front) and by {@code LB_CLIENT_BODY_TIMEOUT_SECONDS}
 * (408). A body that came with the request's head is taken at once; one still on its way is read
 * in async mode, and the request is then dispatched again with the body in hand, so the
 * (blocking) JAX-RS resources never wait on the network. (The proxy servlet applies the same limits
 * with the same {@link BodyReader}.)
 */
@WebFilter(urlPatterns = "/admin/api/*", asyncSupported = true,
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC})
public class AdminBodyLimitFilter extends HttpFilter {

    private static final String BODY = AdminBodyLimitFilter.class.getName() + ".body";

    @Inject
    @ConfigProperty(name = "lb.max.request.body.bytes")
    long maxBytes;

    @Inject
    RequestContextController requestScope;

    @Inject
    @ConfigProperty(name = "lb.client.body.timeout.seconds")
    long bodyTimeoutSeconds;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            byte[] read = (byte[]) request.getAttribute(BODY);
            // the container starts the request scope only for a request's first dispatch
            boolean activated = requestScope.activate();
            try {
                chain.doFilter(read == null ? request : new Buffered(request, read), response);
            } finally {
                if (activated) {
                    requestScope.deactivate();
                }
            }
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            ProblemWriter.write(response, tooLarge());
            return;
        }
        boolean chunked = "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (declared == 0 || declared < 0 && !chunked || "GET".equals(request.getMethod())
                || "HEAD".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] here = BodyReader.alreadyHere(request.getInputStream(), declared);
        if (here != null) {
            chain.doFilter(new Buffered(request, here), response);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        Handoff handoff = new Handoff();
        try {
            BodyReader.read(request.getInputStream(), maxBytes, declared, Duration.ofSeconds(bodyTimeoutSeconds),
                    body -> {
                        request.setAttribute(BODY, body);
                        handoff.then(async::dispatch);
                    },
                    refused -> handoff.then(() -> refuse(async, response, refused)),
                    () -> handoff.then(async::complete));
        } finally {
            handoff.exited();
        }
    }

    /**
     * Ends the async phase only once the first dispatch is well past its exit. Payara loses an
     * {@code AsyncContext.dispatch()} made on another thread while the dispatch that started the
     * async phase is on its way out of the container (it looks for a pending dispatch before the
     * new one is recorded, and nothing looks again): the request then hangs with no thread on it.
     * Seen here as an admin request with a body that got no answer in about one CI run in two, and
     * described for Payara in open-telemetry/opentelemetry-java-instrumentation#9261. So what
     * ends the phase waits until {@link #SETTLE_NANOS} after this filter returned.
     */
    static final class Handoff {

        static final long SETTLE_NANOS = 10_000_000;

        private final AtomicReference<Runnable> waiting = new AtomicReference<>();
        private volatile long exitedAt;
        private volatile boolean exited;

        /** The filter has returned: run what is waiting, after the settling time. */
        void exited() {
            exitedAt = System.nanoTime();
            exited = true;
            Runnable end = waiting.getAndSet(null);
            if (end != null) {
                BodyReader.later(end, SETTLE_NANOS);
            }
        }

        /** Runs {@code end} once the first dispatch has settled (at once when it has). */
        void then(Runnable end) {
            if (!exited) {
                waiting.set(end);
                if (!exited || waiting.getAndSet(null) == null) {
                    return; // exited() takes it, or already has
                }
            }
            long left = exitedAt + SETTLE_NANOS - System.nanoTime();
            if (left <= 0) {
                end.run();
            } else {
                BodyReader.later(end, left);
            }
        }
    }

    private static void refuse(AsyncContext async, HttpServletResponse response, ProblemException refused) {
        try {
            // the rest of the body may still come: the connection is not kept for another request
            response.setHeader("Connection", "close");
            ProblemWriter.write(response, refused);
        } catch (IOException gone) {
            // the client left; nothing to tell it
        } finally {
            async.complete();
        }
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
