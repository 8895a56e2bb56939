package org.llmlb.balancer.proxy.control;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One timer thread for every open request: ten times a second it lets each request look at its
 * own deadline (time to the first byte, gap between stream events, time in the queue), and
 * twice a second it looks for clients that hung up while their request waits. A request
 * re-arms its deadline with a field write, not a timer operation, so a busy stream costs the
 * timer nothing; expiries are late by at most one tick.
 */
final class Deadlines {

    private static final Logger LOG = Logger.getLogger(Deadlines.class.getName());
    static final long TICK_MILLIS = 100;
    private static final int TICKS_PER_CLIENT_SCAN = 5;

    /** What the timer looks at. */
    interface Timed {
        void tick(long nowNanos);

        /**
         * Whether the request has waited a while without writing to its client, so only the socket
         * table would show a hang-up. A request answered within a fraction of a second is not
         * worth reading the table for.
         */
        boolean watchesClient(long nowNanos);

        /** The request's connection as {@link ClientConnections#key} has it. */
        long connectionKey();

        void client(ClientConnections.Snapshot connections);
    }

    private final Set<Timed> open = ConcurrentHashMap.newKeySet();
    private final ClientConnections clients = ClientConnections.available() ? new ClientConnections() : null;
    private final Runnable everyTick;
    private ScheduledExecutorService timer;
    private int ticks;

    Deadlines(Runnable everyTick) {
        this.everyTick = everyTick;
    }

    void start(ThreadFactory threads) {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = threads.newThread(runnable);
            t.setName("proxy-deadlines");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void add(Timed request) {
        open.add(request);
    }

    void remove(Timed request) {
        open.remove(request);
    }

    int open() {
        return open.size();
    }

    boolean watchingClients() {
        return clients != null;
    }

    void tick() {
        try {
            long now = System.nanoTime();
            for (Timed t : open) {
                t.tick(now);
            }
            everyTick.run();
            if (clients != null && ++ticks % TICKS_PER_CLIENT_SCAN == 0) {
                scanClients();
            }
        } catch (RuntimeException unexpected) {
            LOG.log(Level.SEVERE, "proxy timer: unexpected failure, going on", unexpected);
        }
    }

    private void scanClients() {
        long now = System.nanoTime();
        Set<Integer> serverPorts = new java.util.HashSet<>(2);
        for (Timed t : open) {
            if (t.watchesClient(now)) {
                serverPorts.add((int) (t.connectionKey() >>> 16));
            }
        }
        if (serverPorts.isEmpty()) {
            return;
        }
        ClientConnections.Snapshot snapshot;
        try {
            snapshot = clients.scan(serverPorts);
        } catch (IOException unreadable) {
            LOG.log(Level.FINE, "socket table unreadable", unreadable);
            return;
        }
        for (Timed t : open) {
            if (t.watchesClient(now)) {
                t.client(snapshot);
            }
        }
    }
}
