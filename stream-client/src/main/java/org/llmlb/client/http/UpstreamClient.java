package org.llmlb.client.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

/**
 * A non-blocking HTTP/1.1 client for streaming answers from many upstreams at once: a fixed
 * number of I/O threads however many requests are open, kept-alive connections per destination
 * (host, port, TLS mode), pause/resume for back-pressure and cancel that closes the connection.
 * Sending never blocks the caller; answers arrive on the I/O threads.
 */
public final class UpstreamClient implements AutoCloseable {

    final long connectTimeoutNanos;
    final int maxHeadBytes = 64 * 1024;
    private final int maxIdlePerDestination;
    private final IoLoop[] loops;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final Map<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> idleCounts = new ConcurrentHashMap<>();
    private final Resolver resolver;
    private final SSLContext verifying = Tls.verifying();
    private final SSLContext trusting = Tls.trusting();

    /**
     * @param threads               makes the I/O and DNS threads (in a Jakarta EE server: its managed thread factory)
     * @param ioThreads             selector threads, each serving many connections
     * @param maxIdlePerDestination kept-alive idle connections per destination; more are closed when they become idle
     * @param connectTimeout        for the TCP connect and the TLS handshake
     */
    public UpstreamClient(ThreadFactory threads, int ioThreads, int maxIdlePerDestination, Duration connectTimeout) {
        this.connectTimeoutNanos = connectTimeout.toNanos();
        this.maxIdlePerDestination = Math.max(1, maxIdlePerDestination);
        this.loops = new IoLoop[Math.max(1, ioThreads)];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new IoLoop(threads, "upstream-io-" + i);
            loops[i].start();
        }
        this.resolver = new Resolver(threads, Duration.ofSeconds(30).toNanos());
    }

    /**
     * An exchange ready to {@link Exchange#start()}: the caller can keep it before the first
     * callback, which may come before {@code start()} returns.
     */
    public Exchange exchange(UpstreamRequest request, ResponseListener listener) {
        return new Exchange(this, request, listener);
    }

    /** Creates and starts an exchange; {@code listener} hears of it on an I/O thread. */
    public Exchange send(UpstreamRequest request, ResponseListener listener) {
        Exchange exchange = exchange(request, listener);
        exchange.start();
        return exchange;
    }

    void start(Exchange exchange) {
        Connection pooled = acquire(exchange.request.destination);
        if (pooled != null) {
            pooled.send(exchange);
        } else {
            connectFresh(exchange);
        }
    }

    void connectFresh(Exchange exchange) {
        UpstreamRequest request = exchange.request;
        IoLoop loop = loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
        resolver.resolve(request.host, address -> {
            if (exchange.cancelled()) {
                return;
            }
            TlsSession tls = request.tls
                    ? new TlsSession(request.verifyTls ? verifying : trusting, request.host, request.port, request.verifyTls)
                    : null;
            Connection.open(this, loop, exchange, new InetSocketAddress(address, request.port), tls);
        }, failure -> loop.execute(() -> exchange.failed(failure, false)));
    }

    private Connection acquire(String destination) {
        ConcurrentLinkedDeque<Connection> connections = idle.get(destination);
        if (connections == null) {
            return null;
        }
        Connection c;
        while ((c = connections.pollFirst()) != null) {
            idleCounts.get(destination).decrementAndGet();
            if (c.take()) {
                return c;
            }
        }
        return null;
    }

    void release(Connection connection) {
        AtomicInteger count = idleCounts.computeIfAbsent(connection.destination, d -> new AtomicInteger());
        if (count.incrementAndGet() > maxIdlePerDestination) {
            count.decrementAndGet();
            connection.close();
            return;
        }
        idle.computeIfAbsent(connection.destination, d -> new ConcurrentLinkedDeque<>()).offerFirst(connection);
    }

    /** An idle connection closed: it no longer counts against the idle limit. */
    void evicted(Connection connection) {
        ConcurrentLinkedDeque<Connection> connections = idle.get(connection.destination);
        if (connections != null && connections.remove(connection)) {
            idleCounts.get(connection.destination).decrementAndGet();
        }
    }

    /** Idle connections per destination, for tests and diagnostics. */
    public int idleConnections(String host, int port) {
        int n = 0;
        for (var e : idle.entrySet()) {
            if (e.getKey().contains("|" + host + "|" + port)) {
                n += (int) e.getValue().stream().filter(c -> !c.closed()).count();
            }
        }
        return n;
    }

    @Override
    public void close() {
        for (IoLoop loop : loops) {
            loop.stop();
        }
        resolver.close();
        idle.values().forEach(deque -> deque.forEach(Connection::close));
        idle.clear();
    }
}
