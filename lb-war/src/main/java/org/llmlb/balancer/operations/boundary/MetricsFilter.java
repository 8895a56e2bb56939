package org.llmlb.balancer.operations.boundary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /metrics}: the balancer's Prometheus metrics. A filter on exactly that path, because
 * MicroProfile Metrics owns {@code /metrics/*} (which also matches {@code /metrics}) and wins
 * over JAX-RS. MicroProfile Metrics 5 serves its scopes as {@code /metrics?scope=base} (and
 * {@code &name=…}); such queries go on to it. Registered by {@code FilterOrder}.
 */
public class MetricsFilter extends HttpFilter {

    @Inject
    MetricsExposition exposition;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method) || forMicroProfile(request)) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = exposition.text().getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(PrometheusText.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        // all of it in one buffer: a larger answer to a request that asked for an h2c upgrade (the
        // JDK's HTTP client does by default) would go out without its Content-Type (Grizzly)
        response.setBufferSize(body.length);
        if ("GET".equals(method)) {
            response.getOutputStream().write(body);
        }
    }

    private static boolean forMicroProfile(HttpServletRequest request) {
        return request.getQueryString() != null
                && (request.getParameter("scope") != null || request.getParameter("name") != null);
    }
}
