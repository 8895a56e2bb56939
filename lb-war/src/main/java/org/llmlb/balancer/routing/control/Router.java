package org.llmlb.balancer.routing.control;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;
import org.llmlb.balancer.routing.entity.RoutingMode;
import org.llmlb.balancer.routing.entity.Scope;
import org.llmlb.balancer.routing.entity.Upstream;

/**
 * Picks the endpoint for one attempt of one request: filters what the scope reaches and may take
 * traffic, lets the mode's policy rank it, and takes the first free in-flight slot.
 */
@ApplicationScoped
public class Router {

    private static final RoutingPolicy TOKEN_QUOTA = new TokenQuotaPolicy();
    private static final RoutingPolicy PRIORITY = new PriorityPolicy();

    @Inject
    Upstreams upstreams;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "lb.queue.timeout.seconds")
    double queueTimeoutSeconds;

    private final ConcurrentLinkedQueue<CompletableFuture<Void>> waiters = new ConcurrentLinkedQueue<>();

    /**
     * @return a lease, or null when every eligible endpoint was already tried by this request
     * @throws ProblemException 503 when nothing is wired and enabled, 404 for an unserved model,
     *                          429 {@code all_endpoints_busy} when every eligible endpoint is full
     */
    public Lease route(Scope scope, String model, Set<Long> tried, long estimatedTokens) {
        long now = clock.millis();
        List<Upstream> eligible = new ArrayList<>(4);
        boolean anyReachable = false;
        boolean anyServes = false;
        long soonestUnblock = Long.MAX_VALUE;
        for (Upstream u : upstreams.all()) {
            if (!u.enabled() || !scope.reaches(u)) {
                continue;
            }
            anyReachable = true;
            if (!u.serves(model)) {
                continue;
            }
            anyServes = true;
            if (tried.contains(u.id())) {
                continue;
            }
            if (u.state().blocked(now)) {
                soonestUnblock = Math.min(soonestUnblock, Math.max(u.state().cooldown.openUntil(), now + 1000));
                continue;
            }
            eligible.add(u);
        }
        if (!anyReachable) {
            throw new ProblemException(Problem.NO_ENDPOINTS_AVAILABLE, "No enabled endpoint is connected");
        }
        if (!anyServes) {
            throw new ProblemException(Problem.MODEL_NOT_FOUND,
                    "The model '" + model + "' is not served by any connected endpoint");
        }
        if (eligible.isEmpty()) {
            if (!tried.isEmpty()) {
                return null;
            }
            long retry = Math.max(1, (soonestUnblock - now + 999) / 1000);
            throw new ProblemException(Problem.NO_ENDPOINTS_AVAILABLE,
                    "All endpoints are cooling down", List.of(), retry);
        }
        RoutingMode mode = scope.mode() != null ? scope.mode() : upstreams.mode();
        List<Upstream> ranked = eligible.size() == 1 ? eligible
                : (mode == RoutingMode.PRIORITY ? PRIORITY : TOKEN_QUOTA).rank(eligible);
        for (Upstream u : ranked) {
            UpstreamState state = u.state();
            if (!state.tryAcquire(u.maxConcurrent())) {
                continue;
            }
            boolean probe = state.cooldown.openUntil() != 0;
            if (!state.cooldown.tryPass(now)) {
                state.releaseSlot();
                continue;
            }
            state.pendingTokens.addAndGet(estimatedTokens);
            return new Lease(u, estimatedTokens, probe, this);
        }
        throw new ProblemException(Problem.ALL_ENDPOINTS_BUSY, "All endpoints are at their concurrency limit",
                List.of(), 1);
    }

    public long queueTimeoutMillis() {
        return (long) (queueTimeoutSeconds * 1000);
    }

    /** Completes when some in-flight slot is given back; callers then route again. */
    public CompletableFuture<Void> nextFreeSlot() {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        waiters.add(waiter);
        return waiter;
    }

    void slotFreed() {
        CompletableFuture<Void> waiter;
        while ((waiter = waiters.poll()) != null) {
            if (waiter.complete(null)) {
                return;
            }
        }
    }
}
