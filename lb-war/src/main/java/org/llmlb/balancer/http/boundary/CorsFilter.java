package org.llmlb.balancer.http.boundary;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.FilterOrder;
import org.llmlb.balancer.problems.boundary.ProblemWriter;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;

/**
 * CORS for browsers calling the balancer from another origin (the Load Producer on its own
 * port, dashboards): preflights are answered here, before authentication, since browsers send
 * them without credentials; other responses get the allow-origin header before anything is
 * written, because a stream commits its headers with the first event. Registered by
 * {@link FilterOrder}.
 */
public class CorsFilter extends HttpFilter {

    static final String ALLOW_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    static final String ALLOW_HEADERS = "Authorization, Content-Type, X-Admin-Token, X-Request-ID, Cache-Control";
    static final String EXPOSE_HEADERS = "X-LB-Endpoint, X-LB-Version, X-LB-Cache, X-Request-ID, Retry-After";
    static final String MAX_AGE_SECONDS = "600";

    @Inject
    @ConfigProperty(name = "lb.cors.origins", defaultValue = "*")
    String origins;

    private List<String> allowed;

    @PostConstruct
    void parseOrigins() {
        allowed = parse(origins);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        List<String> list = allowed;
        boolean wildcard = list.contains("*");
        if (!wildcard) {
            // the answer differs by Origin, so a shared cache must not hand one origin's to another
            response.addHeader("Vary", "Origin");
        }
        String origin = request.getHeader("Origin");
        String allowOrigin = allowOrigin(list, origin);
        boolean preflight = "OPTIONS".equals(request.getMethod()) && origin != null
                && request.getHeader("Access-Control-Request-Method") != null;
        if (preflight) {
            if (allowOrigin == null) {
                ProblemWriter.write(response, new ProblemException(Problem.ORIGIN_NOT_ALLOWED,
                        "Origin not allowed; LB_CORS_ORIGINS lists the allowed ones"));
                return;
            }
            response.setHeader("Access-Control-Allow-Origin", allowOrigin);
            response.setHeader("Access-Control-Allow-Methods", ALLOW_METHODS);
            response.setHeader("Access-Control-Allow-Headers", ALLOW_HEADERS);
            response.setHeader("Access-Control-Max-Age", MAX_AGE_SECONDS);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        if (allowOrigin != null) {
            response.setHeader("Access-Control-Allow-Origin", allowOrigin);
            response.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
        }
        chain.doFilter(request, response);
    }

    /** Comma-separated origins; {@code *} allows any. A trailing slash is tolerated, as people paste URLs. */
    static List<String> parse(String origins) {
        if (origins == null) {
            return List.of();
        }
        return Arrays.stream(origins.split(","))
                .map(String::trim)
                .filter(o -> !o.isEmpty())
                .map(CorsFilter::normalise)
                .toList();
    }

    /** The Access-Control-Allow-Origin value for this request's Origin, or null when it is not allowed. */
    static String allowOrigin(List<String> allowed, String origin) {
        if (origin == null) {
            return null;
        }
        if (allowed.contains("*")) {
            return "*";
        }
        return allowed.contains(normalise(origin)) ? origin : null;
    }

    private static String normalise(String origin) {
        String o = origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
        return o.toLowerCase(Locale.ROOT);
    }
}
