package org.llmlb.balancer.admin.boundary;

import java.time.Clock;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.admin.control.RateLimiter;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;

/**
 * At most {@code LB_ADMIN_RATE_LIMIT_RPM} admin requests per client address and minute (0 = off).
 * Runs before the token check, so guessing tokens is limited too.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public class AdminRateLimitFilter implements ContainerRequestFilter {

    @Inject
    @ConfigProperty(name = "lb.admin.rate.limit.rpm")
    int perMinute;

    @Inject
    Clock clock;

    @Context
    HttpServletRequest servletRequest;

    private RateLimiter limiter;

    @PostConstruct
    void init() {
        limiter = new RateLimiter(perMinute, clock);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        long retryAfter = limiter.acquire(servletRequest == null ? "unknown" : servletRequest.getRemoteAddr());
        if (retryAfter > 0) {
            throw new ProblemException(Problem.RATE_LIMITED, "Too many admin requests; retry later",
                    List.of(), retryAfter);
        }
    }
}
