package org.llmlb.balancer.http.boundary;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.balancer.http.control.HeaderValues;
import org.llmlb.balancer.problems.boundary.ProblemWriter;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;

/**
 * Security headers and a request id on every response (the id is also forwarded upstream), and
 * the body of a declined upgrade request bounded ({@link UpgradeBodies}). One filter for all of
 * it: the server wraps every filter call in bookkeeping of its own.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class ResponseHeadersFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(ResponseHeadersFilter.class.getName());

    public static final String REQUEST_ID = "X-Request-ID";
    static final int MAX_REQUEST_ID_LENGTH = 200;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String id = requestId(request.getHeader(REQUEST_ID));
        request.setAttribute(REQUEST_ID, id);
        response.setHeader(REQUEST_ID, id);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        try {
            chain.doFilter(UpgradeBodies.bounded(request, response), response);
        } catch (ServletException | RuntimeException unexpected) {
            // the server's own error page would show exception text: answer in the API's shape instead
            LOG.log(Level.WARNING, "unhandled failure for " + request.getRequestURI(), unexpected);
            if (!response.isCommitted()) {
                response.resetBuffer();
                ProblemWriter.write(response, new ProblemException(Problem.INTERNAL_ERROR, "Internal error"));
            }
        }
    }

    /**
     * The client's id when it may be echoed and forwarded upstream as it is, else a fresh one: an id
     * that does not fit is replaced, never repaired, so what a log shows was really sent.
     */
    static String requestId(String sent) {
        boolean fits = sent != null && !sent.isEmpty() && sent.length() <= MAX_REQUEST_ID_LENGTH
                && HeaderValues.visibleAscii(sent);
        return fits ? sent : randomId();
    }

    /** A version-4 UUID without {@code UUID.randomUUID()}'s lock on the shared SecureRandom. */
    static String randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
