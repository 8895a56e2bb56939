package org.llmlb.balancer.proxy.control;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.incoming.entity.IncomingBlocksChanged;
import org.llmlb.balancer.routing.entity.EndpointChanged;
import org.llmlb.balancer.routing.entity.EndpointRemoved;
import org.llmlb.balancer.routing.entity.EndpointsReplaced;

/**
 * TTL cache of non-streaming 200 answers, keyed by entry node, path and the exact body. At most
 * {@code LB_CACHE_MAX_ENTRIES}; the oldest entry goes first. Lock-free: a concurrent map plus an
 * insertion-order queue.
 */
@ApplicationScoped
public class ResponseCache {

    public record Answer(String contentType, String endpoint, byte[] body, long expiresAt) {
    }

    private record Keyed(String key, Answer answer) {
    }

    @Inject
    @ConfigProperty(name = "lb.cache.max.entries")
    int maxEntries;

    @Inject
    @ConfigProperty(name = "lb.cache.ttl.seconds")
    double ttlSeconds;

    @Inject
    Clock clock;

    private final ConcurrentHashMap<String, Answer> entries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Keyed> order = new ConcurrentLinkedQueue<>();

    public boolean enabled() {
        return maxEntries > 0 && ttlSeconds > 0;
    }

    public static String key(String scope, String path, byte[] body) {
        return scope + '\u0000' + path + '\u0000' + new String(body, StandardCharsets.ISO_8859_1);
    }

    public Answer get(String key) {
        Answer answer = entries.get(key);
        if (answer == null) {
            return null;
        }
        if (answer.expiresAt() <= clock.millis()) {
            entries.remove(key, answer);
            return null;
        }
        return answer;
    }

    public void put(String key, String contentType, String endpoint, byte[] body) {
        if (!enabled()) {
            return;
        }
        long now = clock.millis();
        Answer answer = new Answer(contentType, endpoint, body, now + (long) (ttlSeconds * 1000));
        entries.put(key, answer);
        order.add(new Keyed(key, answer));
        // every entry lives equally long, so the oldest are at the head: drop the expired, the
        // replaced, and as many more as the size limit asks for
        Keyed head;
        while ((head = order.peek()) != null
                && (head.answer().expiresAt() <= now || entries.get(head.key()) != head.answer()
                || entries.size() > maxEntries)) {
            if (order.remove(head)) {
                entries.remove(head.key(), head.answer());
            }
        }
    }

    public int size() {
        return entries.size();
    }

    /** A changed routing table or entry may answer differently: cached answers go with the old one. */
    void endpointChanged(@Observes EndpointChanged event) {
        clear();
    }

    void endpointRemoved(@Observes EndpointRemoved event) {
        clear();
    }

    void endpointsReplaced(@Observes EndpointsReplaced event) {
        clear();
    }

    void blocksChanged(@Observes IncomingBlocksChanged event) {
        clear();
    }

    public void clear() {
        entries.clear();
        order.clear();
    }
}
