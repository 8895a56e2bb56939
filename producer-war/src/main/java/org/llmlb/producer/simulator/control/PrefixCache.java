package org.llmlb.producer.simulator.control;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prompt blocks a server has computed recently, at most {@code capacity}, least recently
 * used evicted first. Not thread-safe: its {@link Instance} calls it under its lock.
 */
final class PrefixCache {

    private final Map<Long, Boolean> blocks;

    PrefixCache(int capacity) {
        blocks = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** How many of the leading {@code hashes} (at most {@code limit}) are cached; each one found counts as used. */
    int leadingHits(long[] hashes, int limit) {
        int hits = 0;
        int end = Math.min(hashes.length, limit);
        while (hits < end && blocks.get(hashes[hits]) != null) {
            hits++;
        }
        return hits;
    }

    void store(long[] hashes) {
        for (long hash : hashes) {
            blocks.put(hash, Boolean.TRUE);
        }
    }

    int size() {
        return blocks.size();
    }
}
