package org.llmlb.balancer.routing.control;

import java.time.Instant;
import java.util.List;

import org.llmlb.balancer.MutableClock;
import org.llmlb.balancer.endpoints.entity.Endpoint;
import org.llmlb.balancer.routing.entity.RoutingMode;

/** A router over in-memory endpoints with a hand-moved clock; also used by the proxy's tests. */
public final class RoutingFixture {

    static final int FAIL_THRESHOLD = 3;
    static final double COOLDOWN_SECONDS = 20;

    public final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    public final Upstreams upstreams = new Upstreams();
    public final Router router = new Router();

    public RoutingFixture(RoutingMode mode, Endpoint... endpoints) {
        upstreams.clock = clock;
        upstreams.failThreshold = FAIL_THRESHOLD;
        upstreams.cooldownSeconds = COOLDOWN_SECONDS;
        upstreams.defaultTimeoutSeconds = 120;
        upstreams.quotaWindowSeconds = 300;
        upstreams.replace(List.of(endpoints));
        upstreams.mode(mode);
        router.upstreams = upstreams;
        router.clock = clock;
        router.affinityLoadFactor = 1.25;
        router.affinityBlockBytes = 16;
        router.affinityIndexEntries = 1024;
    }

    public RoutingFixture queueTimeout(double seconds) {
        router.queueTimeoutSeconds = seconds;
        return this;
    }

    /** Replaces the routing table, as an admin change does. */
    public void replace(Endpoint... endpoints) {
        upstreams.replace(List.of(endpoints));
    }

    public static Endpoint endpoint(long id, String name, double quota, int priority, int maxConcurrent) {
        Endpoint e = new Endpoint();
        e.id = id;
        e.name = name;
        e.baseUrl = "http://127.0.0.1:1/" + name;
        e.connected = true;
        e.tokenQuotaPercent = quota;
        e.priorityOrder = priority;
        e.maxConcurrent = maxConcurrent;
        return e;
    }
}
