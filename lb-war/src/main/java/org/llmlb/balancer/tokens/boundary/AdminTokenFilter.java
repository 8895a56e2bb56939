package org.llmlb.balancer.tokens.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;
import org.llmlb.balancer.tokens.control.Secrets;

/** Every admin API call needs {@code X-Admin-Token}; compared in constant time. */
@Provider
public class AdminTokenFilter implements ContainerRequestFilter {

    @Inject
    @ConfigProperty(name = "lb.admin.token")
    String adminToken;

    @Override
    public void filter(ContainerRequestContext request) {
        if ("OPTIONS".equals(request.getMethod())) {
            return;
        }
        if (!Secrets.matches(request.getHeaderString("X-Admin-Token"), adminToken)) {
            throw new ProblemException(Problem.UNAUTHORIZED, "Missing or invalid X-Admin-Token");
        }
    }
}
