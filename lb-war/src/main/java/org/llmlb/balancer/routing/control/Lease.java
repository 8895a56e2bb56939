package org.llmlb.balancer.routing.control;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import org.llmlb.balancer.routing.entity.Upstream;

/** One in-flight slot on one endpoint; released exactly once. */
public final class Lease {

    private static final Logger LOG = Logger.getLogger(Lease.class.getName());

    public final Upstream upstream;
    private final long estimatedTokens;
    private final boolean probe;
    private final Router router;
    private final AtomicBoolean released = new AtomicBoolean();

    Lease(Upstream upstream, long estimatedTokens, boolean probe, Router router) {
        this.upstream = upstream;
        this.estimatedTokens = estimatedTokens;
        this.probe = probe;
        this.router = router;
    }

    public void succeeded(long tokens) {
        UpstreamState state = upstream.state();
        state.quotaTokens.add(tokens);
        if (state.cooldown.success()) {
            LOG.info(() -> "endpoint '" + upstream.name() + "' (id " + upstream.id()
                    + "): cooldown closed, the probe succeeded; back in rotation");
        }
        release();
    }

    /** Counts towards the cooldown threshold. */
    public void failed(long nowMillis) {
        Cooldown cooldown = upstream.state().cooldown;
        int failures = cooldown.consecutiveFailures() + 1;
        if (cooldown.failure(nowMillis)) {
            LOG.warning(() -> "endpoint '" + upstream.name() + "' (id " + upstream.id() + "): cooldown open for "
                    + cooldown.periodMillis() / 1000.0 + " s, " + (probe ? "the probe failed"
                    : failures + " consecutive failures") + "; out of rotation");
        }
        release();
    }

    /** Neither success nor failure of the endpoint, e.g. a 4xx the client caused. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            UpstreamState state = upstream.state();
            state.pendingTokens.addAndGet(-estimatedTokens);
            if (probe) {
                state.cooldown.release();
            }
            if (!router.handOver(upstream)) {
                state.releaseSlot();
                router.serveWaiters();
            }
        }
    }
}
