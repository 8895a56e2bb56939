package org.llmlb.balancer;

import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import org.llmlb.balancer.health.boundary.HealthFilter;
import org.llmlb.balancer.http.boundary.CorsFilter;
import org.llmlb.balancer.operations.boundary.MetricsFilter;

/**
 * Registers the filters whose position matters. Annotated filters run in no defined order, but
 * {@code /health} and {@code /metrics} answer without passing the request on, so they must come
 * after {@link org.llmlb.balancer.http.boundary.ResponseHeadersFilter} (security headers, request id) and after CORS. Filters added
 * here with {@code isMatchAfter=true} run after every declared one, in the order added.
 */
@WebListener
public class FilterOrder implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        add(context, CorsFilter.class, true, "/*");
        add(context, HealthFilter.class, false, "/health");
        add(context, MetricsFilter.class, false, "/metrics");
    }

    private static void add(ServletContext context, Class<? extends Filter> filter, boolean async, String path) {
        FilterRegistration.Dynamic registration = context.addFilter(filter.getName(), filter);
        registration.setAsyncSupported(async);
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, path);
    }
}
