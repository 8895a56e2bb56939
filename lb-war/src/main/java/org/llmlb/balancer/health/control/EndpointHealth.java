package org.llmlb.balancer.health.control;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.llmlb.balancer.health.entity.UpstreamError;
import org.llmlb.balancer.routing.entity.EndpointRemoved;

/**
 * The last error of each endpoint, and the log's account of its failures: one WARNING line per
 * failure, at most one per endpoint every {@link #LINE_EVERY_MILLIS} (the next line says how
 * many it left out), so a dead backend under load cannot flood the log. Lock-free: called on the
 * hot path, on failures only.
 */
@ApplicationScoped
public class EndpointHealth {

    private static final Logger LOG = Logger.getLogger(EndpointHealth.class.getName());
    static final long LINE_EVERY_MILLIS = 10_000;

    @Inject
    Clock clock;

    private final Map<Long, Entry> byEndpoint = new ConcurrentHashMap<>();

    public EndpointHealth() {
    }

    /** Outside a container, e.g. in tests of the proxy. */
    public EndpointHealth(Clock clock) {
        this.clock = clock;
    }

    private static final class Entry {
        volatile UpstreamError last;
        final AtomicLong nextLine = new AtomicLong();
        final AtomicLong leftOut = new AtomicLong();
    }

    /** A failure of the endpoint (no answer, 5xx, 429, a broken stream): remembered and logged. */
    public void failed(long id, String name, String kind, int status, String message, String body, String requestId) {
        Entry entry = remember(id, kind, status, message, body, requestId);
        long now = clock.millis();
        long next = entry.nextLine.get();
        if (now >= next && entry.nextLine.compareAndSet(next, now + LINE_EVERY_MILLIS)) {
            long leftOut = entry.leftOut.getAndSet(0);
            LOG.warning(() -> "endpoint '" + name + "' (id " + id + ") failed: " + message
                    + (body == null || body.isEmpty() ? "" : ", body: " + body) + " [" + kind + "], request " + requestId
                    + (leftOut == 0 ? "" : "; " + leftOut + " more failures of it since the last line"));
        } else {
            entry.leftOut.incrementAndGet();
        }
    }

    /** An error answer passed through to the client (4xx): remembered, not logged (the client caused most). */
    public void answered(long id, String kind, int status, String message, String body, String requestId) {
        remember(id, kind, status, message, body, requestId);
    }

    private Entry remember(long id, String kind, int status, String message, String body, String requestId) {
        Entry entry = byEndpoint.computeIfAbsent(id, key -> new Entry());
        entry.last = new UpstreamError(Instant.ofEpochMilli(clock.millis()).toString(), kind,
                status == 0 ? null : status, message, body == null || body.isEmpty() ? null : body, requestId);
        return entry;
    }

    /** The endpoint's last error, or null when none since it was created or changed. */
    public UpstreamError last(long id) {
        Entry entry = byEndpoint.get(id);
        return entry == null ? null : entry.last;
    }

    void removed(@Observes EndpointRemoved event) {
        forget(event.endpointId());
    }

    /** Deleted or changed (a new URL makes the old error meaningless). */
    public void forget(long id) {
        byEndpoint.remove(id);
    }
}
