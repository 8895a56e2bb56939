package org.llmlb.balancer.health.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.llmlb.balancer.health.control.Drain;
import org.llmlb.balancer.persistence.control.Settings;

/** Ready once the stored configuration is loaded and SQLite answers; not while draining. */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    @Inject
    Settings settings;

    @Inject
    Drain drain;

    @Override
    public HealthCheckResponse call() {
        boolean database;
        try {
            settings.get("routing_mode");
            database = true;
        } catch (RuntimeException e) {
            database = false;
        }
        return HealthCheckResponse.named("database")
                .status(database && drain.started() && !drain.draining())
                .withData("draining", drain.draining())
                .build();
    }
}
