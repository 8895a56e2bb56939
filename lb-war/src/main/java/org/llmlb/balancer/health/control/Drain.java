package org.llmlb.balancer.health.control;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.stats.control.TotalsFlusher;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Graceful shutdown. SIGTERM would stop the server at once and cut running streams, so the
 * balancer takes the signal itself: it stops accepting proxied requests (503 {@code draining},
 * readiness DOWN), waits for the running ones up to {@code LB_DRAIN_TIMEOUT_SECONDS}, writes the
 * statistics, and only then lets the JVM shut down. {@code LB_DRAIN_ON_SIGTERM=false} leaves the
 * signal to the server (e.g. when it shares a full application server with other applications).
 * Readiness is this class's other half: ready from the end of start-up until draining begins.
 */
@ApplicationScoped
public class Drain {

    private static final Logger LOG = Logger.getLogger(Drain.class.getName());
    /** What the JVM itself exits with on SIGTERM. */
    private static final int SIGTERM_EXIT = 143;

    @Inject
    @ConfigProperty(name = "lb.drain.timeout.seconds")
    double timeoutSeconds;

    @Inject
    @ConfigProperty(name = "lb.drain.on.sigterm")
    boolean onSigterm;

    @Inject
    TotalsFlusher flusher;

    /** The signal arrives on a JVM thread without the application's context. */
    @Resource
    ManagedThreadFactory threads;

    /**
     * Carries the application's context, taken at install time, to the draining thread: the
     * statistics flush runs in a transaction, which wants a component invocation.
     */
    @Resource
    ContextService context;

    private final LongAdder inflight = new LongAdder();
    private volatile boolean draining;
    private volatile boolean started;
    private SignalHandler previous;

    public void install() {
        if (onSigterm) {
            Runnable drain = context.createContextualProxy((Runnable) this::drainAndExit, Runnable.class);
            previous = Signal.handle(new Signal("TERM"), signal -> threads.newThread(drain).start());
        }
    }

    /** On undeploy: the handler must not outlive the application's classes. */
    public void uninstall() {
        if (previous != null) {
            Signal.handle(new Signal("TERM"), previous);
            previous = null;
        }
    }

    /** The stored configuration is loaded: from now on the balancer routes. */
    public void startServing() {
        started = true;
    }

    public boolean started() {
        return started;
    }

    public boolean draining() {
        return draining;
    }

    public void enter() {
        inflight.increment();
    }

    public void exit() {
        inflight.decrement();
    }

    /** Proxied requests entered and not yet finished. */
    public long inflight() {
        return inflight.sum();
    }

    void drainAndExit() {
        draining = true;
        LOG.info("SIGTERM: draining, new proxied requests get 503");
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        try {
            while (inflight.sum() > 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info(() -> "drained (" + inflight.sum() + " requests still running); stopping");
        try {
            flusher.flush();
        } finally {
            System.exit(SIGTERM_EXIT);
        }
    }
}
