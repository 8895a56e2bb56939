package org.llmlb.balancer.admin.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import org.llmlb.balancer.admin.control.AdminAccess;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;

/**
 * Every admin API call needs {@code X-Admin-Token} (compared in constant time); with a weak admin
 * token, only from loopback ({@link AdminAccess}).
 */
@Provider
public class AdminTokenFilter implements ContainerRequestFilter {

    @Inject
    AdminAccess access;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        if ("OPTIONS".equals(request.getMethod())) {
            return;
        }
        if (!access.admits(servletRequest.getRemoteAddr())) {
            throw new ProblemException(Problem.UNAUTHORIZED, AdminAccess.REMOTE_REFUSED);
        }
        if (!access.matches(request.getHeaderString("X-Admin-Token"))) {
            throw new ProblemException(Problem.UNAUTHORIZED, "Missing or invalid X-Admin-Token");
        }
    }
}
