package org.llmlb.balancer;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.cluster.control.ClusterExchange;
import org.llmlb.balancer.configuration.control.ReplicaSync;
import org.llmlb.balancer.endpoints.control.EndpointEvents;
import org.llmlb.balancer.health.control.Drain;
import org.llmlb.balancer.incoming.control.IncomingBlocks;
import org.llmlb.balancer.models.control.LoadPolling;
import org.llmlb.balancer.models.control.ModelCatalog;
import org.llmlb.balancer.persistence.control.StableIds;
import org.llmlb.balancer.routing.control.RoutingSettings;
import org.llmlb.balancer.stats.control.TotalsFlusher;
import org.llmlb.balancer.tokens.control.ClientTokens;

/**
 * Start: the stored configuration and totals from SQLite into memory, then model discovery and
 * the SIGTERM drain; ready from then on. Stop: totals back to SQLite.
 */
@ApplicationScoped
public class Lifecycle {

    private static final Logger LOG = Logger.getLogger(Lifecycle.class.getName());
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final Logger BALANCER = Logger.getLogger("org.llmlb");

    @Inject
    RoutingSettings routing;

    @Inject
    EndpointEvents endpoints;

    @Inject
    ClientTokens tokens;

    @Inject
    IncomingBlocks incoming;

    @Inject
    StableIds ids;

    @Inject
    TotalsFlusher flusher;

    @Inject
    ModelCatalog catalog;

    @Inject
    LoadPolling loads;

    @Inject
    Drain drain;

    @Inject
    ReplicaSync replicas;

    @Inject
    ClusterExchange cluster;

    @Inject
    @ConfigProperty(name = "lb.log.level")
    String logLevel;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        logLevel(logLevel);
        routing.load();
        endpoints.replacedAll();
        tokens.reload();
        incoming.load();
        ids.ensure();
        flusher.restore();
        flusher.start();
        catalog.startRefreshing();
        loads.start();
        replicas.start();
        cluster.start();
        drain.install();
        drain.startServing();
        LOG.info("balancer started");
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        drain.uninstall();
        cluster.stop();
        flusher.flush();
        LOG.info("balancer stopped; statistics flushed");
    }

    /** {@code LB_LOG_LEVEL} in the seed's words (DEBUG, INFO, WARNING, ERROR) for the balancer's loggers. */
    static void logLevel(String level) {
        Level julLevel = switch (level.trim().toUpperCase(Locale.ROOT)) {
            case "DEBUG" -> Level.FINE;
            case "WARNING", "WARN" -> Level.WARNING;
            case "ERROR" -> Level.SEVERE;
            default -> Level.INFO;
        };
        BALANCER.setLevel(julLevel);
    }
}
