package org.llmlb.balancer.routing.control;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.llmlb.balancer.routing.entity.PolledLoad;
import org.llmlb.balancer.routing.entity.ServerLoad;

/** What routing knows about one endpoint at run time; outlives configuration changes. */
public final class UpstreamState {

    public final Cooldown cooldown;
    /** Tokens served recently, the basis of the token-quota share. */
    public final SlidingWindow quotaTokens;
    /** Estimated tokens of requests still running, so concurrent requests spread before they finish. */
    public final AtomicLong pendingTokens = new AtomicLong();
    private final AtomicInteger inflight = new AtomicInteger();
    /** Cluster only: the slots of the cluster-wide {@code max_concurrent} this replica holds; -1 standalone. */
    private volatile int slotLease = -1;
    /** Cluster only: requests in flight on the other replicas, as they last said. */
    private volatile int remoteInflight;
    /** Cluster only: the other replicas' quota tokens, as they last said. */
    private volatile long remoteQuotaTokens;
    /** Cluster only: a request found this replica's lease full since the exchange last looked. */
    private volatile boolean leaseShort;
    private volatile long blockedUntil;
    private volatile Set<String> models;
    private volatile ServerLoad serverLoad;
    private volatile PolledLoad polledLoad;

    public UpstreamState(Clock clock, int failThreshold, long cooldownMillis, long quotaWindowMillis) {
        this.cooldown = new Cooldown(failThreshold, cooldownMillis);
        int buckets = 60;
        this.quotaTokens = new SlidingWindow(clock, Math.max(1, quotaWindowMillis / buckets), buckets);
    }

    /**
     * Takes an in-flight slot unless {@code max} (0 = unlimited) are taken — in a cluster, unless
     * this replica's lease of the cluster-wide {@code max} is taken.
     */
    public boolean tryAcquire(int max) {
        if (max <= 0) {
            inflight.incrementAndGet();
            return true;
        }
        int lease = slotLease;
        boolean leased = lease >= 0 && lease < max;
        int limit = leased ? lease : max;
        int current;
        do {
            current = inflight.get();
            if (current >= limit) {
                if (leased) {
                    leaseShort = true;
                }
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

    /** Tokens for the quota share: this replica's recent and running ones, plus the other replicas'. */
    public long quotaLoad() {
        return localQuotaLoad() + remoteQuotaTokens;
    }

    /** This replica's part of {@link #quotaLoad()}, what it tells the others. */
    public long localQuotaLoad() {
        return quotaTokens.sum() + pendingTokens.get();
    }

    /** Requests in flight here and, in a cluster, on the other replicas as they last said. */
    public int clusterInflight() {
        return inflight.get() + remoteInflight;
    }

    public void remote(int inflight, long quotaTokens) {
        remoteInflight = inflight;
        remoteQuotaTokens = quotaTokens;
    }

    /** @param slots the lease of the cluster-wide cap, or -1 for none (standalone) */
    public void slotLease(int slots) {
        slotLease = slots;
    }

    public int slotLease() {
        return slotLease;
    }

    /** Whether a request found the lease full since the last call; clears it. */
    public boolean takeLeaseShort() {
        boolean was = leaseShort;
        if (was) {
            leaseShort = false;
        }
        return was;
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

    /** What the endpoint's {@code GET /load} last said, or null. */
    public PolledLoad polledLoad() {
        return polledLoad;
    }

    public void polledLoad(PolledLoad load) {
        polledLoad = load;
    }

    /** Models the endpoint serves, or null while unknown. */
    public Set<String> models() {
        return models;
    }

    public void models(Set<String> models) {
        this.models = models;
    }
}
