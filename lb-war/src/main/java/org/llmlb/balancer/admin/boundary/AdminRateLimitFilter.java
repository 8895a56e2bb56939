package org.llmlb.balancer.admin.boundary;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;

/**
 * At most {@code LB_ADMIN_RATE_LIMIT_RPM} admin requests per client address and minute (0 = off).
 * Runs before the token check, so guessing tokens is limited too.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public class AdminRateLimitFilter implements ContainerRequestFilter {

    private record Window(long minute, AtomicInteger count) {
    }

    @Inject
    @ConfigProperty(name = "lb.admin.rate.limit.rpm")
    int perMinute;

    @Inject
    Clock clock;

    @Context
    HttpServletRequest servletRequest;

    private static final ConcurrentHashMap<String, Window> WINDOWS = new ConcurrentHashMap<>();

    @Override
    public void filter(ContainerRequestContext request) {
        if (perMinute <= 0) {
            return;
        }
        long now = clock.millis();
        long minute = now / 60_000;
        String address = servletRequest == null ? "unknown" : servletRequest.getRemoteAddr();
        Window window = WINDOWS.compute(address, (a, w) -> w == null || w.minute() != minute
                ? new Window(minute, new AtomicInteger()) : w);
        if (window.count().incrementAndGet() > perMinute) {
            long retryAfter = Math.max(1, ((minute + 1) * 60_000 - now + 999) / 1000);
            throw new ProblemException(Problem.RATE_LIMITED, "Too many admin requests; retry later",
                    List.of(), retryAfter);
        }
        if (WINDOWS.size() > 10_000) {
            WINDOWS.values().removeIf(w -> w.minute() != minute);
        }
    }
}
