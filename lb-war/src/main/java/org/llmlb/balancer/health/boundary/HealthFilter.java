package org.llmlb.balancer.health.boundary;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.balancer.health.control.HealthReport;

/**
 * {@code GET|HEAD /health}: the seed's health JSON, which load balancers and scripts probe. A
 * filter on exactly that path, because MicroProfile Health owns {@code /health/*} (which also
 * matches {@code /health}); {@code /health/live}, {@code /ready}, {@code /started} stay its own.
 * Registered by {@code FilterOrder}.
 */
public class HealthFilter extends HttpFilter {

    @Inject
    HealthReport report;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            chain.doFilter(request, response);
            return;
        }
        HealthReport.Snapshot snapshot = report.snapshot();
        response.setStatus(snapshot.healthy() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Cache-Control", "no-store");
        if ("HEAD".equals(method)) {
            return;
        }
        byte[] body = snapshot.json();
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
