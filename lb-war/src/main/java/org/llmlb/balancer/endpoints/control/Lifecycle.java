package org.llmlb.balancer.endpoints.control;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.health.control.Drain;
import org.llmlb.balancer.models.control.ModelCatalog;
import org.llmlb.balancer.persistence.control.StableIds;
import org.llmlb.balancer.stats.control.TotalsFlusher;

/** Start: configuration and totals from SQLite into memory. Stop: totals back to SQLite. */
@ApplicationScoped
public class Lifecycle {

    private static final Logger LOG = Logger.getLogger(Lifecycle.class.getName());
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final Logger BALANCER = Logger.getLogger("org.llmlb");

    @Inject
    LiveConfiguration live;

    @Inject
    TotalsFlusher flusher;

    @Inject
    ModelCatalog catalog;

    @Inject
    Drain drain;

    @Inject
    StableIds ids;

    @Inject
    @ConfigProperty(name = "lb.log.level")
    String logLevel;

    private volatile boolean started;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        logLevel(logLevel);
        live.load();
        ids.ensure();
        flusher.restore();
        flusher.start();
        catalog.startRefreshing();
        drain.install();
        started = true;
        LOG.info("balancer started");
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        drain.uninstall();
        flusher.flush();
        LOG.info("balancer stopped; statistics flushed");
    }

    /** {@code LB_LOG_LEVEL} in the seed's words (DEBUG, INFO, WARNING, ERROR) for the balancer's loggers. */
    static void logLevel(String level) {
        Level julLevel = switch (level.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "DEBUG" -> Level.FINE;
            case "WARNING", "WARN" -> Level.WARNING;
            case "ERROR" -> Level.SEVERE;
            default -> Level.INFO;
        };
        BALANCER.setLevel(julLevel);
    }

    public boolean started() {
        return started;
    }
}
