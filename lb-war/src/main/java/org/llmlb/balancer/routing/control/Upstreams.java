package org.llmlb.balancer.routing.control;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.http.control.HeaderValues;
import org.llmlb.balancer.routing.entity.EndpointChanged;
import org.llmlb.balancer.routing.entity.EndpointRemoved;
import org.llmlb.balancer.routing.entity.EndpointSettings;
import org.llmlb.balancer.routing.entity.EndpointsReplaced;
import org.llmlb.balancer.routing.entity.RoutingMode;
import org.llmlb.balancer.routing.entity.Upstream;

/** The current routing table: an immutable snapshot replaced whenever the configuration changes. */
@ApplicationScoped
public class Upstreams {

    private static final Logger LOG = Logger.getLogger(Upstreams.class.getName());

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "lb.fail.threshold")
    int failThreshold;

    @Inject
    @ConfigProperty(name = "lb.cooldown.seconds")
    double cooldownSeconds;

    @Inject
    @ConfigProperty(name = "lb.default.timeout.seconds")
    double defaultTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "lb.quota.window.seconds")
    double quotaWindowSeconds;

    private static final Comparator<Upstream> BY_ID = Comparator.comparingLong(Upstream::id);

    private final Map<Long, UpstreamState> states = new ConcurrentHashMap<>();
    private volatile List<Upstream> all = List.of();
    private volatile RoutingMode mode = RoutingMode.PERCENTAGE;
    private volatile int initialLease = -1;

    public List<Upstream> all() {
        return all;
    }

    public Optional<Upstream> byId(long id) {
        for (Upstream u : all) {
            if (u.id() == id) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    public RoutingMode mode() {
        return mode;
    }

    public void mode(RoutingMode mode) {
        this.mode = mode;
    }

    public UpstreamState state(long id) {
        return states.computeIfAbsent(id, key -> {
            UpstreamState state = new UpstreamState(clock, failThreshold,
                    (long) (cooldownSeconds * 1000), (long) (quotaWindowSeconds * 1000));
            state.slotLease(initialLease);
            return state;
        });
    }

    /**
     * In a cluster: every endpoint, known or new, starts with this lease of its cluster-wide
     * {@code max_concurrent} (0: none until the exchange gives one), so no replica uses the whole
     * cap on its own before it has asked.
     */
    public void clustered(int lease) {
        initialLease = lease;
        states.values().forEach(state -> state.slotLease(lease));
    }

    /** Routing takes a change before anyone else who observes it: they may read the new table. */
    void changed(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) EndpointChanged event) {
        put(event.endpoint());
    }

    void removed(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) EndpointRemoved event) {
        remove(event.endpointId());
    }

    void replaced(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) EndpointsReplaced event) {
        replace(event.endpoints());
    }

    public synchronized void replace(List<EndpointSettings> endpoints) {
        List<Upstream> next = new ArrayList<>(endpoints.size());
        for (EndpointSettings e : endpoints) {
            next.add(upstream(e));
        }
        next.sort(BY_ID);
        states.keySet().retainAll(next.stream().map(Upstream::id).toList());
        all = List.copyOf(next);
    }

    synchronized void put(EndpointSettings endpoint) {
        List<Upstream> next = new ArrayList<>(all);
        next.removeIf(u -> u.id() == endpoint.id());
        next.add(upstream(endpoint));
        next.sort(BY_ID);
        all = List.copyOf(next);
    }

    synchronized void remove(long id) {
        List<Upstream> next = new ArrayList<>(all);
        next.removeIf(u -> u.id() == id);
        states.remove(id);
        all = List.copyOf(next);
    }

    private Upstream upstream(EndpointSettings e) {
        double seconds = e.timeoutSeconds() != null ? e.timeoutSeconds() : defaultTimeoutSeconds;
        return new Upstream(e.id(), e.name(), URI.create(e.baseUrl()), sendableKey(e), e.enabled(), e.connected(),
                e.quotaPercent(), e.priorityOrder(), e.maxConcurrent(), Duration.ofMillis((long) (seconds * 1000)),
                e.verifyTls(), state(e.id()));
    }

    /**
     * The admin API refuses keys that cannot stand in a header line, but a database written before
     * that rule may still hold one: it is not sent at all rather than sent as extra header lines.
     */
    private static String sendableKey(EndpointSettings e) {
        if (e.apiKey() == null || HeaderValues.visibleAscii(e.apiKey())) {
            return e.apiKey();
        }
        LOG.warning(() -> "endpoint " + e.id() + ": the stored api_key contains characters not allowed in a header;"
                + " it is not sent until it is set again");
        return null;
    }
}
