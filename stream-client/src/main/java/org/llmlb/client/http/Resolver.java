package org.llmlb.client.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * Host names to addresses without blocking the caller: a lookup, which can take seconds when DNS
 * is slow, runs on a resolver thread; answers are kept for {@code ttl}. Literal addresses need
 * no lookup.
 */
final class Resolver {

    private record Known(InetAddress address, long expiresNanos) {
    }

    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final ExecutorService lookups;
    private final long ttlNanos;

    Resolver(ThreadFactory threads, long ttlNanos) {
        this.lookups = Executors.newFixedThreadPool(2, runnable -> {
            Thread t = threads.newThread(runnable);
            t.setName("upstream-dns");
            t.setDaemon(true);
            return t;
        });
        this.ttlNanos = ttlNanos;
    }

    /** Calls {@code found} on this thread when the answer is at hand, else later on a resolver thread. */
    void resolve(String host, Consumer<InetAddress> found, Consumer<IOException> failed) {
        if (literal(host)) {
            try {
                found.accept(InetAddress.getByName(host));
            } catch (UnknownHostException e) {
                failed.accept(e);
            }
            return;
        }
        Known k = known.get(host);
        if (k != null && System.nanoTime() - k.expiresNanos < 0) {
            found.accept(k.address);
            return;
        }
        lookups.execute(() -> {
            InetAddress address;
            try {
                address = InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                failed.accept(e);
                return;
            }
            known.put(host, new Known(address, System.nanoTime() + ttlNanos));
            found.accept(address);
        });
    }

    static boolean literal(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return !host.isEmpty();
    }

    void close() {
        lookups.shutdownNow();
    }
}
