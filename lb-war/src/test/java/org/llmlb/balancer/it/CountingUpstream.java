package org.llmlb.balancer.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An upstream that takes {@code delayMillis} per chat answer and counts how many it serves at
 * once, the highest number too: what a cluster-wide {@code max_concurrent} must keep down.
 */
public final class CountingUpstream implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger highest = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();

    public CountingUpstream(String name, long delayMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/models", exchange -> answer(exchange,
                "{\"object\":\"list\",\"data\":[{\"id\":\"" + FakeUpstreams.MODEL + "\",\"object\":\"model\"}]}"));
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int now = open.incrementAndGet();
            highest.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                open.decrementAndGet();
            }
            served.incrementAndGet();
            answer(exchange, FakeUpstreams.COMPLETION.formatted(name));
        });
        server.start();
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** The most chat requests it served at one time. */
    public int highest() {
        return highest.get();
    }

    public int served() {
        return served.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
