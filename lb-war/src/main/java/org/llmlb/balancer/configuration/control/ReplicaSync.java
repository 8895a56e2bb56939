package org.llmlb.balancer.configuration.control;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.audit.control.AuditLog;
import org.llmlb.balancer.endpoints.control.EndpointEvents;
import org.llmlb.balancer.incoming.control.IncomingBlocks;
import org.llmlb.balancer.routing.control.RoutingSettings;
import org.llmlb.balancer.tokens.control.ClientTokens;

/**
 * Replicas sharing one database (PostgreSQL) see each other's admin changes: every
 * {@code LB_REPLICA_SYNC_MILLIS} (500) this balancer asks whether the audit log grew — every admin
 * change is recorded there after it is stored — and, when it did, loads the whole configuration
 * again (routing mode and affinity, endpoints, client tokens, incoming blocks), announced by the
 * same events as a local change. One small query per interval, never on a request's path. Off
 * for the embedded SQLite file, which no other balancer shares.
 */
@ApplicationScoped
public class ReplicaSync {

    private static final Logger LOG = Logger.getLogger(ReplicaSync.class.getName());

    @Inject
    @ConfigProperty(name = "lb.db.url")
    Optional<String> url;

    @Inject
    @ConfigProperty(name = "lb.replica.sync.millis")
    long intervalMillis;

    @Inject
    AuditLog audit;

    @Inject
    RoutingSettings routing;

    @Inject
    EndpointEvents endpoints;

    @Inject
    ClientTokens tokens;

    @Inject
    IncomingBlocks incoming;

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** Through the container, so that {@link #check} runs in a transaction. */
    @Inject
    ReplicaSync self;

    private volatile String seen;
    private volatile boolean failing;

    public boolean active() {
        return intervalMillis > 0 && url.filter(u -> !u.startsWith("jdbc:sqlite:")).isPresent();
    }

    public void start() {
        if (!active()) {
            return;
        }
        seen = audit.signature();
        scheduler.scheduleWithFixedDelay(self::check, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        LOG.info(() -> "shared database: admin changes of other replicas are loaded within " + intervalMillis + " ms");
    }

    /**
     * One transaction for the question and the reload: the stores' reads outside one would use
     * the container's non-transactional entity manager, which does not survive a scheduled task.
     */
    @Transactional
    public void check() {
        try {
            String now = audit.signature();
            if (failing) {
                failing = false;
                LOG.info("the shared database answers again");
            }
            if (!now.equals(seen)) {
                seen = now;
                reload();
            }
        } catch (RuntimeException e) {
            // routing goes on with the configuration it has; said once, not every interval
            if (!failing) {
                failing = true;
                LOG.warning(() -> "cannot read the shared database (" + e.getClass().getSimpleName()
                        + "); routing with the configuration loaded last");
            }
        }
    }

    void reload() {
        routing.load();
        endpoints.replacedAll();
        tokens.reload();
        incoming.reload(Set.of());
    }
}
