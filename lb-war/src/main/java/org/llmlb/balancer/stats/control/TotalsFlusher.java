package org.llmlb.balancer.stats.control;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.routing.entity.EndpointRemoved;
import org.llmlb.balancer.stats.entity.EndpointTotals;
import org.llmlb.balancer.stats.entity.TotalsFlushed;

/** Copies the in-memory totals to SQLite every few seconds and once more at shutdown. */
@ApplicationScoped
public class TotalsFlusher {

    private static final Logger LOG = Logger.getLogger(TotalsFlusher.class.getName());

    @Inject
    Statistics statistics;

    @Inject
    TotalsStore store;

    @Inject
    Event<TotalsFlushed> flushed;

    @Inject
    @ConfigProperty(name = "lb.stats.flush.seconds")
    long flushSeconds;

    @Resource
    ManagedScheduledExecutorService scheduler;

    public void restore() {
        store.load().forEach(statistics::restore);
    }

    /** A deleted endpoint's numbers go with it, in memory and in SQLite. */
    void removed(@Observes EndpointRemoved event) {
        store.delete(event.endpointId());
        statistics.forget(event.endpointId());
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::flush, flushSeconds, Math.max(1, flushSeconds), TimeUnit.SECONDS);
    }

    /** Whether the last flush failed; guarded by the flush's lock. */
    private boolean failing;

    public synchronized void flush() {
        try {
            Map<Long, EndpointTotals> totals = statistics.totals();
            store.save(totals);
            store.saved(totals);
            flushed.fire(new TotalsFlushed());
            if (failing) {
                failing = false;
                LOG.info("statistics totals written again");
            }
        } catch (RuntimeException e) {
            // kept in memory and written with the next flush that works; said once, not every flush
            if (!failing) {
                failing = true;
                LOG.log(Level.WARNING, "could not write statistics totals: {0}; they are kept and written once the"
                        + " database answers", e.getClass().getSimpleName());
            }
        }
    }

}
