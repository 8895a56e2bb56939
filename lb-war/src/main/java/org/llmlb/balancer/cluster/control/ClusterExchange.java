package org.llmlb.balancer.cluster.control;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.cluster.entity.Member;
import org.llmlb.balancer.routing.control.Cooldown;
import org.llmlb.balancer.routing.control.Router;
import org.llmlb.balancer.routing.control.UpstreamState;
import org.llmlb.balancer.routing.control.Upstreams;
import org.llmlb.balancer.routing.entity.Upstream;

/**
 * Live state shared by the replicas of a cluster over the data grid (JCache, Payara's Hazelcast
 * behind it), on when {@code LB_CLUSTER_MEMBERS} is set. Every {@code LB_CLUSTER_EXCHANGE_MILLIS}
 * (200) one scheduled task writes this replica's {@link Heartbeat} and reads the others': their
 * requests in flight (for {@code least_load}), their quota tokens (percentage routing over the
 * cluster's combined window), the cooldowns they hold (followed here, probed once by the replica
 * that opened it), and the slot leases of each cluster-wide {@code max_concurrent}
 * ({@link SlotShares}). The request path reads only what this task left in the routing state:
 * no distributed lock, no wait on the grid. A replica not heard of for {@code
 * LB_CLUSTER_MEMBER_TIMEOUT_MILLIS} (2,000) is gone: its numbers and leases no longer count.
 */
@ApplicationScoped
public class ClusterExchange {

    private static final Logger LOG = Logger.getLogger(ClusterExchange.class.getName());
    static final String REPLICAS = "llmlb-replicas";
    static final String SLOTS = "llmlb-slots";
    /** In the slots cache: the replicas' names, {@code name=1,…} as a lease entry reads. */
    static final String MEMBERS = "members";

    @Inject
    @ConfigProperty(name = "lb.cluster.members")
    Optional<String> members;

    @Inject
    @ConfigProperty(name = "lb.cluster.exchange.millis")
    long intervalMillis;

    @Inject
    @ConfigProperty(name = "lb.cluster.member.timeout.millis")
    long memberTimeoutMillis;

    @Inject
    @ConfigProperty(name = "lb.replica.name")
    Optional<String> replicaName;

    @Inject
    Instance<CacheManager> caches;

    @Inject
    Upstreams upstreams;

    @Inject
    Router router;

    @Inject
    Clock clock;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private String self;
    private long startedAt;
    private Cache<String, long[]> replicas;
    private Cache<String, String> slots;
    /** Endpoint id → the replica whose cooldown this one follows; the exchange task's alone. */
    private final Map<Long, String> followed = new HashMap<>();
    /** Endpoint id → whether this replica wanted more of its slots this interval; the exchange task's alone. */
    private final Map<Long, Boolean> hunger = new HashMap<>();
    private volatile List<Member> view = List.of();
    private volatile boolean failing;

    public boolean active() {
        return replicas != null;
    }

    /** This replica's name in the cluster, or null standalone. */
    public String self() {
        return active() ? self : null;
    }

    /** The live replicas, this one first; empty standalone. */
    public List<Member> members() {
        return view;
    }

    public void start() {
        if (members.filter(m -> !m.isBlank()).isEmpty()) {
            return;
        }
        CacheManager manager = caches.isResolvable() ? caches.get() : null;
        if (manager == null) {
            LOG.warning("LB_CLUSTER_MEMBERS is set but the runtime offers no data grid: this replica runs standalone");
            return;
        }
        self = name(replicaName);
        startedAt = clock.millis();
        long expiry = Math.max(memberTimeoutMillis, 3 * intervalMillis);
        replicas = cache(manager, REPLICAS, long[].class, new MutableConfiguration<String, long[]>()
                .setTypes(String.class, long[].class)
                .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, expiry))));
        slots = cache(manager, SLOTS, String.class, new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class));
        upstreams.clustered(0);
        exchange();
        scheduler.scheduleWithFixedDelay(this::exchange, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        LOG.info(() -> "cluster: replica '" + self + "' shares live state every " + intervalMillis
                + " ms with " + (view.size() - 1) + " other replica(s) seen so far");
    }

    /** Gives this replica's leases back and leaves, so the others need not wait for the timeout. */
    public void stop() {
        if (!active()) {
            return;
        }
        try {
            for (Upstream u : upstreams.all()) {
                String key = SLOTS + "/" + u.id();
                String entry = slots.get(key);
                Map<String, Integer> leases = SlotShares.parse(entry);
                if (entry != null && leases.remove(self) != null) {
                    slots.replace(key, entry, SlotShares.format(leases));
                }
            }
            replicas.remove(self);
        } catch (RuntimeException e) {
            LOG.fine(() -> "cluster: leaving: " + e);
        }
    }

    private static <V> Cache<String, V> cache(CacheManager manager, String name, Class<V> type,
                                              MutableConfiguration<String, V> config) {
        Cache<String, V> cache = manager.getCache(name, String.class, type);
        if (cache != null) {
            return cache;
        }
        try {
            return manager.createCache(name, config);
        } catch (CacheException createdByAnotherReplica) {
            return manager.getCache(name, String.class, type);
        }
    }

    static String name(Optional<String> configured) {
        String name = configured.filter(n -> !n.isBlank()).orElseGet(() -> {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "replica";
            }
            return host + "-" + ProcessHandle.current().pid();
        });
        return name.replaceAll("[^A-Za-z0-9._:-]", "_");
    }

    void exchange() {
        try {
            long now = clock.millis();
            List<Upstream> all = upstreams.all();
            hunger.clear();
            all.forEach(u -> hunger.put(u.id(), wantsMore(u)));
            replicas.put(self, Heartbeat.encode(now, startedAt, all, this::hungry));
            Map<String, Heartbeat> others = others(now);
            boolean more = false;
            for (Upstream u : all) {
                share(u, others);
                cooldown(u, others, now);
                more |= lease(u, others);
            }
            followed.keySet().removeIf(id -> upstreams.byId(id).isEmpty());
            view = view(others, all, now);
            if (failing) {
                failing = false;
                LOG.info("cluster: the data grid answers again");
            }
            if (more) {
                router.serveWaiters();
            }
        } catch (RuntimeException e) {
            // routing goes on with what it was told last; leases stay as they are
            if (!failing) {
                failing = true;
                LOG.warning(() -> "cluster: cannot exchange state over the data grid (" + e.getClass().getSimpleName()
                        + "); routing with the state seen last");
            }
        }
    }

    /**
     * The other replicas' heartbeats, by the names in the members entry (a few keyed reads: iterating
     * the cache would visit every partition of the grid, five times a second). This replica adds
     * itself to the entry when it is missing and takes out names whose heartbeat expired.
     */
    private Map<String, Heartbeat> others(long now) {
        String entry = slots.get(MEMBERS);
        Map<String, Integer> listed = SlotShares.parse(entry);
        Set<String> names = new TreeSet<>(listed.keySet());
        names.remove(self);
        Map<String, long[]> beats = names.isEmpty() ? Map.of() : replicas.getAll(names);
        Map<String, Heartbeat> others = new HashMap<>();
        Set<String> gone = new TreeSet<>();
        for (String name : names) {
            Heartbeat beat = Heartbeat.decode(beats.get(name));
            if (beat == null) {
                gone.add(name);
            } else if (now - beat.sentAtMillis() <= memberTimeoutMillis) {
                others.put(name, beat);
            }
        }
        if (!listed.containsKey(self) || !gone.isEmpty()) {
            // changed only by compare-and-set; one that lost the race tries again next interval
            listed.keySet().removeAll(gone);
            listed.put(self, 1);
            String next = SlotShares.format(listed);
            if (entry == null) {
                slots.putIfAbsent(MEMBERS, next);
            } else {
                slots.replace(MEMBERS, entry, next);
            }
        }
        return others;
    }

    private boolean hungry(Upstream u) {
        return hunger.getOrDefault(u.id(), false);
    }

    /** Requests refused or waiting for want of slots of this replica's lease. */
    private boolean wantsMore(Upstream u) {
        UpstreamState state = u.state();
        int lease = state.slotLease();
        boolean refused = state.takeLeaseShort();
        return u.maxConcurrent() > 0 && lease >= 0 && (refused || (state.inflight() >= lease && router.waiting() > 0));
    }

    private static void share(Upstream u, Map<String, Heartbeat> others) {
        int inflight = 0;
        long quota = 0;
        for (Heartbeat beat : others.values()) {
            Heartbeat.Endpoint e = beat.endpoint(u.id());
            if (e != null) {
                inflight += e.inflight();
                quota += e.quotaTokens();
            }
        }
        u.state().remote(inflight, quota);
    }

    private void cooldown(Upstream u, Map<String, Heartbeat> others, long now) {
        Cooldown cooldown = u.state().cooldown;
        String owner = cooldown.following() ? followed.get(u.id()) : null;
        if (owner == null) {
            followed.remove(u.id()); // a failure or success here decided since, if it followed
        } else {
            Heartbeat beat = others.get(owner);
            Heartbeat.Endpoint e = beat == null ? null : beat.endpoint(u.id());
            if (e == null) {
                cooldown.lead();
                followed.remove(u.id());
                LOG.info(() -> endpoint(u) + ": replica '" + owner + "' that holds its cooldown is gone; the probe goes from here");
            } else if (e.cooldownUntil() == 0) {
                cooldown.success();
                followed.remove(u.id());
                LOG.info(() -> endpoint(u) + ": cooldown closed on replica '" + owner + "'; closed here too");
            } else if (e.cooldownUntil() != cooldown.openUntil()) {
                cooldown.follow(e.cooldownUntil());
            }
            return;
        }
        if (cooldown.openUntil() != 0) {
            return; // this replica's own cooldown
        }
        String from = null;
        long until = 0;
        for (Map.Entry<String, Heartbeat> other : others.entrySet()) {
            Heartbeat.Endpoint e = other.getValue().endpoint(u.id());
            if (e != null && e.cooldownUntil() > until) {
                until = e.cooldownUntil();
                from = other.getKey();
            }
        }
        if (from != null && cooldown.follow(until)) {
            String holder = from;
            followed.put(u.id(), holder);
            LOG.info(() -> endpoint(u) + ": cooling down on replica '" + holder + "'; no traffic from here until it closes");
        }
    }

    /** @return whether this replica may now route more requests to the endpoint */
    private boolean lease(Upstream u, Map<String, Heartbeat> others) {
        UpstreamState state = u.state();
        int cap = u.maxConcurrent();
        if (cap <= 0) {
            state.slotLease(0);
            return false;
        }
        String key = SLOTS + "/" + u.id();
        String entry = slots.get(key);
        Map<String, Integer> leases = SlotShares.parse(entry);
        leases.keySet().removeIf(name -> !name.equals(self) && !others.containsKey(name));
        int mine = leases.getOrDefault(self, 0);
        int othersHeld = leases.values().stream().mapToInt(Integer::intValue).sum() - mine;
        boolean othersHungry = false;
        for (Heartbeat beat : others.values()) {
            Heartbeat.Endpoint e = beat.endpoint(u.id());
            othersHungry |= e != null && e.hungry();
        }
        int current = Math.max(0, state.slotLease());
        int inflight = state.inflight();
        int target = SlotShares.target(cap, mine, inflight, hungry(u), othersHungry, othersHeld, others.size() + 1);
        if (target < current) {
            state.slotLease(target); // lower first: requests already in flight stay in the entry
        }
        leases.put(self, SlotShares.held(target, inflight));
        String next = SlotShares.format(leases);
        boolean stored = next.equals(entry)
                || (entry == null ? slots.putIfAbsent(key, next) : slots.replace(key, entry, next));
        if (stored) {
            state.slotLease(target); // raised only once the grid holds it
        }
        return stored && target > current;
    }

    private List<Member> view(Map<String, Heartbeat> others, List<Upstream> all, long now) {
        List<Member> list = new ArrayList<>();
        int inflight = all.stream().mapToInt(u -> u.state().inflight()).sum();
        list.add(new Member(self, true, 0, seconds(now - startedAt), inflight));
        List<Member> rest = new ArrayList<>();
        others.forEach((name, beat) -> rest.add(new Member(name, false, seconds(now - beat.sentAtMillis()),
                seconds(now - beat.startedAtMillis()), beat.inflight())));
        rest.sort(Comparator.comparing(Member::name));
        list.addAll(rest);
        return List.copyOf(list);
    }

    private static double seconds(long millis) {
        return Math.max(0, Math.round(millis / 100.0) / 10.0);
    }

    private static String endpoint(Upstream u) {
        return "endpoint '" + u.name() + "' (id " + u.id() + ")";
    }
}
