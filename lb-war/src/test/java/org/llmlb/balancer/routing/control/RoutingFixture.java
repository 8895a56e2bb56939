package org.llmlb.balancer.routing.control;

import java.time.Instant;
import java.util.List;

import org.llmlb.balancer.MutableClock;
import org.llmlb.balancer.routing.entity.EndpointSettings;
import org.llmlb.balancer.routing.entity.RoutingMode;

/** A router over in-memory endpoints with a hand-moved clock; also used by the proxy's tests. */
public final class RoutingFixture {

    static final int FAIL_THRESHOLD = 3;
    static final double COOLDOWN_SECONDS = 20;

    public final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    public final Upstreams upstreams = new Upstreams();
    public final Router router = new Router();

    public RoutingFixture(RoutingMode mode, EndpointSettings... endpoints) {
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
    public void replace(EndpointSettings... endpoints) {
        upstreams.replace(List.of(endpoints));
    }

    /** Enabled, connected, no key, the default timeout. */
    public static EndpointSettings endpoint(long id, String name, double quota, int priority, int maxConcurrent) {
        return endpoint(id, name, "http://127.0.0.1:1/" + name, null, quota, priority, maxConcurrent, null);
    }

    public static EndpointSettings endpoint(long id, String name, String baseUrl, String apiKey, double quota,
                                            int priority, int maxConcurrent, Double timeoutSeconds) {
        return new EndpointSettings(id, name, baseUrl, apiKey, true, true, quota, priority, maxConcurrent,
                timeoutSeconds, true);
    }

    public static EndpointSettings disabled(EndpointSettings e) {
        return new EndpointSettings(e.id(), e.name(), e.baseUrl(), e.apiKey(), false, e.connected(), e.quotaPercent(),
                e.priorityOrder(), e.maxConcurrent(), e.timeoutSeconds(), e.verifyTls());
    }

    public static EndpointSettings unwired(EndpointSettings e) {
        return new EndpointSettings(e.id(), e.name(), e.baseUrl(), e.apiKey(), e.enabled(), false, e.quotaPercent(),
                e.priorityOrder(), e.maxConcurrent(), e.timeoutSeconds(), e.verifyTls());
    }
}
