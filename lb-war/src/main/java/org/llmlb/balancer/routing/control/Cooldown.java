package org.llmlb.balancer.routing.control;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Circuit breaker of one endpoint: after {@code threshold} consecutive failures it is open
 * (no traffic) for {@code periodMillis}; then it is half-open and lets exactly one probe through;
 * the probe's success closes it, its failure opens it again.
 *
 * <p>In a cluster a replica may also <em>follow</em> another one's cooldown ({@link #follow}):
 * it is open until the other replica says it closed, and sends no probe of its own — the replica
 * that opened it probes once for the whole cluster — unless it is told to {@link #lead} (the
 * other replica is gone).
 */
public final class Cooldown {

    private final int threshold;
    private final long periodMillis;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile long openUntil;
    /** Whether this open period is another replica's, which probes for it. */
    private volatile boolean following;

    public Cooldown(int threshold, long periodMillis) {
        this.threshold = Math.max(1, threshold);
        this.periodMillis = periodMillis;
    }

    /** Whether a request would be refused now; does not claim the probe. */
    public boolean blocks(long nowMillis) {
        long until = openUntil;
        return until != 0 && (nowMillis < until || probing.get() || following);
    }

    /** Claims passage for one request: always when closed, once (the probe) when half-open. */
    public boolean tryPass(long nowMillis) {
        long until = openUntil;
        if (until == 0) {
            return true;
        }
        return nowMillis >= until && !following && probing.compareAndSet(false, true);
    }

    /** Gives back a passage that was claimed but not used. */
    public void release() {
        probing.set(false);
    }

    /** @return whether this closed it (the probe succeeded) */
    public boolean success() {
        consecutiveFailures.set(0);
        if (openUntil != 0) {
            openUntil = 0;
            following = false;
            probing.set(false);
            return true;
        }
        return false;
    }

    /** @return whether this opened it: the threshold reached, or the probe failed */
    public boolean failure(long nowMillis) {
        int failures = consecutiveFailures.incrementAndGet();
        if (probing.get() || failures >= threshold) {
            boolean wasOpen = openUntil != 0 && !probing.get();
            openUntil = nowMillis + periodMillis;
            following = false;
            probing.set(false);
            return !wasOpen;
        }
        return false;
    }

    public long periodMillis() {
        return periodMillis;
    }

    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    /** End of the open period, or 0 when closed. */
    public long openUntil() {
        return openUntil;
    }

    public boolean inCooldown(long nowMillis) {
        long until = openUntil;
        return until != 0 && nowMillis < until;
    }

    public void reset() {
        consecutiveFailures.set(0);
        openUntil = 0;
        following = false;
        probing.set(false);
    }

    /**
     * Another replica's cooldown of this endpoint: open until {@code untilMillis} and after it,
     * with no probe from here, until {@link #success()} (the other's probe worked), a new
     * {@code follow} (it failed) or {@link #lead()}.
     *
     * @return whether this opened it
     */
    public boolean follow(long untilMillis) {
        boolean wasClosed = openUntil == 0;
        if (probing.get()) {
            return false; // our own probe is out: its answer decides
        }
        openUntil = untilMillis;
        following = true;
        return wasClosed;
    }

    /** The replica this one followed is gone: this one probes when the period is over. */
    public void lead() {
        following = false;
    }

    public boolean following() {
        return following;
    }
}
