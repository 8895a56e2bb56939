package org.llmlb.balancer.endpoints.control;

import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.llmlb.balancer.health.control.Drain;
import org.llmlb.balancer.models.control.ModelCatalog;
import org.llmlb.balancer.stats.control.TotalsFlusher;

/** Start: configuration and totals from SQLite into memory. Stop: totals back to SQLite. */
@ApplicationScoped
public class Lifecycle {

    private static final Logger LOG = Logger.getLogger(Lifecycle.class.getName());

    @Inject
    LiveConfiguration live;

    @Inject
    TotalsFlusher flusher;

    @Inject
    ModelCatalog catalog;

    @Inject
    Drain drain;

    private volatile boolean started;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        live.load();
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

    public boolean started() {
        return started;
    }
}
