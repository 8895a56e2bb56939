package org.llmlb.balancer.routing.control;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.llmlb.balancer.routing.entity.ServerLoad;

/** What routing knows about one endpoint at run time; outlives configuration changes. */
public final class UpstreamState {

    public final Cooldown cooldown;
    /** Tokens served recently, the basis of the token-quota share. */
    public final SlidingWindow quotaTokens;
    /** Estimated tokens of requests still running, so concurrent requests spread before they finish. */
    public final AtomicLong pendingTokens = new AtomicLong();
    private final AtomicInteger inflight = new AtomicInteger();
    private volatile long blockedUntil;
    private volatile Set<String> models;
    private volatile ServerLoad serverLoad;

    public UpstreamState(Clock clock, int failThreshold, long cooldownMillis, long quotaWindowMillis) {
        this.cooldown = new Cooldown(failThreshold, cooldownMillis);
        int buckets = 60;
        this.quotaTokens = new SlidingWindow(clock, Math.max(1, quotaWindowMillis / buckets), buckets);
    }

    /** Takes an in-flight slot unless {@code max} (0 = unlimited) are taken. */
    public boolean tryAcquire(int max) {
        if (max <= 0) {
            inflight.incrementAndGet();
            return true;
        }
        int current;
        do {
            current = inflight.get();
            if (current >= max) {
                return false;
            }
        } while (!inflight.compareAndSet(current, current + 1));
        return true;
    }

    public void releaseSlot() {
        inflight.decrementAndGet();
    }

    public int inflight() {
        return inflight.get();
    }

    public long quotaLoad() {
        return quotaTokens.sum() + pendingTokens.get();
    }

    /** Upstream said 429 with Retry-After: keep out of rotation until then. */
    public void blockUntil(long epochMillis) {
        if (epochMillis > blockedUntil) {
            blockedUntil = epochMillis;
        }
    }

    public boolean blocked(long nowMillis) {
        return nowMillis < blockedUntil || cooldown.blocks(nowMillis);
    }

    /** The endpoint's last load report, or null when it never sent one. */
    public ServerLoad serverLoad() {
        return serverLoad;
    }

    public void serverLoad(ServerLoad report) {
        if (report != null) {
            serverLoad = report;
        }
    }

    /** Models the endpoint serves, or null while unknown. */
    public Set<String> models() {
        return models;
    }

    public void models(Set<String> models) {
        this.models = models;
    }
}
