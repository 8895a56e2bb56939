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

import org.llmlb.balancer.problems.boundary.ProblemWriter;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;

/** Security headers and a request id on every response; the id is also forwarded upstream. */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class ResponseHeadersFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(ResponseHeadersFilter.class.getName());

    public static final String REQUEST_ID = "X-Request-ID";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String id = request.getHeader(REQUEST_ID);
        if (id == null || id.isBlank() || id.length() > 200) {
            id = randomId();
        }
        request.setAttribute(REQUEST_ID, id);
        response.setHeader(REQUEST_ID, id);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException unexpected) {
            // the server's own error page would show exception text: answer in the API's shape instead
            LOG.log(Level.WARNING, "unhandled failure for " + request.getRequestURI(), unexpected);
            if (!response.isCommitted()) {
                response.resetBuffer();
                ProblemWriter.write(response, new ProblemException(Problem.INTERNAL_ERROR, "Internal error"));
            }
        }
    }

    /** A version-4 UUID without {@code UUID.randomUUID()}'s lock on the shared SecureRandom. */
    static String randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
