package org.llmlb.balancer.routing.control;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;
import org.llmlb.balancer.routing.entity.Affinity;
import org.llmlb.balancer.routing.entity.RoutingMode;
import org.llmlb.balancer.routing.entity.Scope;
import org.llmlb.balancer.routing.entity.Upstream;

/**
 * Picks the endpoint for one attempt of one request: filters what the scope reaches and may take
 * traffic, lets the mode's policy rank it, and takes the first free in-flight slot.
 */
@ApplicationScoped
public class Router {

    private static final Logger LOG = Logger.getLogger(Router.class.getName());

    private static final RoutingPolicy TOKEN_QUOTA = new TokenQuotaPolicy();
    private static final RoutingPolicy PRIORITY = new PriorityPolicy();

    @Inject
    Upstreams upstreams;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "lb.queue.timeout.seconds")
    double queueTimeoutSeconds;

    /** {@code least_load}: how long an endpoint's own load report counts. */
    @Inject
    @ConfigProperty(name = "lb.load.signal.max.age.seconds")
    double loadSignalMaxAgeSeconds = 2;

    private volatile RoutingPolicy leastLoad;

    @Inject
    @ConfigProperty(name = "lb.affinity.load.factor")
    double affinityLoadFactor;

    @Inject
    @ConfigProperty(name = "lb.affinity.block.bytes")
    int affinityBlockBytes;

    @Inject
    @ConfigProperty(name = "lb.affinity.index.entries")
    int affinityIndexEntries;

    private volatile Affinity affinity = Affinity.NONE;
    private volatile AffinityIndex index;
    private final LongAdder affinityHits = new LongAdder();
    private final LongAdder affinityOverflows = new LongAdder();

    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    /** Endpoints chosen, per routing mode (its ordinal): the reason of each decision. */
    private final LongAdder[] decisions = {new LongAdder(), new LongAdder(), new LongAdder()};

    /**
     * @return a lease, or null when every eligible endpoint was already tried by this request
     * @throws ProblemException 503 when nothing is wired and enabled, 404 for an unserved model,
     *                          429 {@code all_endpoints_busy} when every eligible endpoint is full
     */
    /**
     * Where the session belongs: the endpoint that last served its longest known prefix, if still
     * eligible, else its place on the hash ring (rendezvous hashing: the eligible endpoint with the
     * highest hash of session and endpoint, so a session moves only when its endpoint goes).
     */
    private Upstream home(SessionKey session, List<Upstream> eligible) {
        AffinityIndex known = index;
        if (known != null && session.prefix()) {
            long[] hashes = session.hashes();
            for (int i = hashes.length - 1; i >= 0; i--) {
                long id = known.get(hashes[i]);
                if (id >= 0) {
                    for (Upstream u : eligible) {
                        if (u.id() == id) {
                            return u;
                        }
                    }
                }
            }
        }
        Upstream best = null;
        long bestScore = Long.MIN_VALUE;
        for (Upstream u : eligible) {
            long score = mix(session.home() ^ (u.id() * 0x9E3779B97F4A7C15L));
            if (best == null || score > bestScore) {
                best = u;
                bestScore = score;
            }
        }
        return best;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * Bounded load: the home takes the session unless it would carry more than
     * {@code LB_AFFINITY_LOAD_FACTOR} times the average in flight over the eligible endpoints.
     */
    private boolean overloaded(Upstream home, List<Upstream> eligible) {
        long total = 1;
        for (Upstream u : eligible) {
            total += u.state().inflight();
        }
        double capacity = Math.ceil(affinityLoadFactor * total / eligible.size());
        return home.state().inflight() + 1 > capacity;
    }

    private void remember(SessionKey session, Upstream chosen) {
        AffinityIndex known = index;
        if (known != null && session.prefix()) {
            for (long hash : session.hashes()) {
                known.put(hash, chosen.id());
            }
        }
    }

    /** The session of a request under the global affinity, or null (no affinity, or nothing to go by). */
    public SessionKey session(String user, String header, byte[] body, int promptStart, int promptEnd) {
        return session(Scope.DEFAULT, user, header, body, promptStart, promptEnd);
    }

    /** Under its entry node's affinity, or the global one when the node has none of its own. */
    public SessionKey session(Scope scope, String user, String header, byte[] body, int promptStart, int promptEnd) {
        Affinity effective = scope.affinity() != null ? scope.affinity() : affinity;
        if (effective == Affinity.PREFIX && index == null) {
            prefixIndex();
        }
        return switch (effective) {
            case NONE -> null;
            case USER -> user == null || user.isEmpty() ? null : SessionKey.of(user);
            case HEADER -> header == null || header.isEmpty() ? null : SessionKey.of(header);
            case PREFIX -> SessionKey.ofPrefix(body, promptStart, promptEnd, Math.max(16, affinityBlockBytes));
        };
    }

    public Affinity affinity() {
        return affinity;
    }

    /** The prefix table, made when prefix affinity is first wanted (globally or by one entry node). */
    private synchronized void prefixIndex() {
        if (index == null) {
            index = new AffinityIndex(Math.max(16, affinityIndexEntries));
        }
    }

    public void affinity(Affinity mode) {
        if (mode == Affinity.PREFIX) {
            prefixIndex();
        }
        affinity = mode;
    }

    /** Sessions routed to their home, and sent elsewhere because it was overloaded or full. */
    public long affinityHits() {
        return affinityHits.sum();
    }

    public long affinityOverflows() {
        return affinityOverflows.sum();
    }

    /** How many endpoints were chosen by each routing mode's rule, by mode. */
    public Map<RoutingMode, Long> decisions() {
        Map<RoutingMode, Long> counts = new EnumMap<>(RoutingMode.class);
        for (RoutingMode mode : RoutingMode.values()) {
            counts.put(mode, decisions[mode.ordinal()].sum());
        }
        return counts;
    }

    private RoutingPolicy policy(RoutingMode mode) {
        return switch (mode) {
            case PRIORITY -> PRIORITY;
            case LEAST_LOAD -> leastLoad();
            case PERCENTAGE -> TOKEN_QUOTA;
        };
    }

    /** Built on first use, when the configuration is injected; a second one built by a race is as good. */
    private RoutingPolicy leastLoad() {
        RoutingPolicy policy = leastLoad;
        if (policy == null) {
            policy = new LeastLoadPolicy((long) (loadSignalMaxAgeSeconds * 1000));
            leastLoad = policy;
        }
        return policy;
    }

    public Lease route(Scope scope, String model, Set<Long> tried, long estimatedTokens) {
        return route(scope, model, tried, estimatedTokens, null);
    }

    /** @param session the request's session for affinity, or null */
    public Lease route(Scope scope, String model, Set<Long> tried, long estimatedTokens, SessionKey session) {
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
                : policy(mode).rank(eligible, now);
        Upstream home = session == null || eligible.size() == 1 ? null : home(session, eligible);
        boolean homeTaken = home != null && !overloaded(home, eligible);
        if (homeTaken) {
            ranked = new ArrayList<>(ranked);
            ranked.remove(home);
            ranked.add(0, home);
        }
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
            if (probe) {
                LOG.info(() -> "endpoint '" + u.name() + "' (id " + u.id() + "): cooldown half-open, one request probes it");
            }
            if (home == null) {
                decisions[mode.ordinal()].increment();
            } else if (u == home) {
                affinityHits.increment();
            } else {
                affinityOverflows.increment();
            }
            if (session != null) {
                remember(session, u);
            }
            return new Lease(u, estimatedTokens, probe, this);
        }
        throw new ProblemException(Problem.ALL_ENDPOINTS_BUSY, "All endpoints are at their concurrency limit",
                List.of(), 1);
    }

    public long queueTimeoutMillis() {
        return (long) (queueTimeoutSeconds * 1000);
    }

    /** A request waiting for a free in-flight slot; it holds no thread. */
    public static final class Waiter {
        final Scope scope;
        final String model;
        final Set<Long> tried;
        final long estimatedTokens;
        final SessionKey session;
        final Grant grant;
        private final AtomicBoolean settled = new AtomicBoolean();

        Waiter(Scope scope, String model, Set<Long> tried, long estimatedTokens, SessionKey session, Grant grant) {
            this.scope = scope;
            this.model = model;
            this.tried = Set.copyOf(tried);
            this.estimatedTokens = estimatedTokens;
            this.session = session;
            this.grant = grant;
        }

        /** Exactly one of grant, refusal and cancel wins. */
        boolean settle() {
            return settled.compareAndSet(false, true);
        }

        boolean settled() {
            return settled.get();
        }
    }

    /** How a waiter learns its outcome; called on the thread that freed the slot or found the problem. */
    public interface Grant {
        void granted(Lease lease);

        /** Waiting is pointless now, e.g. the endpoints were removed. */
        void refused(ProblemException problem);
    }

    /**
     * Queues a request whose {@link #route} found every eligible endpoint full. Freed slots go to
     * the oldest waiter that can use them; the caller cancels on its own deadline.
     */
    public Waiter await(Scope scope, String model, Set<Long> tried, long estimatedTokens, Grant grant) {
        return await(scope, model, tried, estimatedTokens, null, grant);
    }

    public Waiter await(Scope scope, String model, Set<Long> tried, long estimatedTokens, SessionKey session,
                        Grant grant) {
        Waiter waiter = new Waiter(scope, model, tried, estimatedTokens, session, grant);
        waiters.add(waiter);
        // a slot freed between the failed route and the queueing would otherwise wake nobody
        serveWaiters();
        return waiter;
    }

    /** @return false when the waiter was granted or refused meanwhile (its callback comes or came) */
    public boolean cancel(Waiter waiter) {
        if (waiter.settle()) {
            waiters.remove(waiter);
            return true;
        }
        return false;
    }

    public int waiting() {
        return waiters.size();
    }

    /**
     * A lease ends: its slot goes straight to the oldest waiter that may use this endpoint, so a
     * request arriving meanwhile cannot take it first.
     *
     * @return true when the slot was handed over (it stays taken)
     */
    boolean handOver(Upstream released) {
        if (waiters.isEmpty()) {
            return false;
        }
        Upstream current = upstreams.byId(released.id()).orElse(null);
        if (current == null) {
            return false;
        }
        long now = clock.millis();
        for (Waiter w : waiters) {
            if (w.settled()) {
                waiters.remove(w);
                continue;
            }
            if (!usable(current, w, now)) {
                continue;
            }
            if (w.settle()) {
                waiters.remove(w);
                current.state().pendingTokens.addAndGet(w.estimatedTokens);
                w.grant.granted(new Lease(current, w.estimatedTokens, false, this));
                return true;
            }
        }
        return false;
    }

    private static boolean usable(Upstream u, Waiter w, long now) {
        return u.enabled() && w.scope.reaches(u) && u.serves(w.model) && !w.tried.contains(u.id())
                && !u.state().blocked(now) && u.state().cooldown.openUntil() == 0;
    }

    /**
     * Routes waiters, oldest first, while slots are free: after a slot was freed with nobody
     * queued, and periodically for capacity that appears otherwise (a cooldown ends, the
     * configuration changes).
     */
    public void serveWaiters() {
        if (waiters.isEmpty()) {
            return;
        }
        for (Waiter w : waiters) {
            if (w.settled()) {
                waiters.remove(w);
                continue;
            }
            Lease lease;
            try {
                lease = route(w.scope, w.model, w.tried, w.estimatedTokens, w.session);
            } catch (ProblemException problem) {
                if (problem.problem == Problem.ALL_ENDPOINTS_BUSY) {
                    continue;
                }
                if (w.settle()) {
                    waiters.remove(w);
                    w.grant.refused(problem);
                }
                continue;
            }
            if (lease == null) {
                if (w.settle()) {
                    waiters.remove(w);
                    w.grant.refused(new ProblemException(Problem.ALL_ENDPOINTS_BUSY,
                            "All endpoints are at their concurrency limit", List.of(), 1));
                }
                continue;
            }
            if (w.settle()) {
                waiters.remove(w);
                w.grant.granted(lease);
            } else {
                lease.release();
            }
        }
    }
}
