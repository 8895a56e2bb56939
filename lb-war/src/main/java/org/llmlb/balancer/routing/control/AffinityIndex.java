package org.llmlb.balancer.routing.control;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which endpoint last served a prompt prefix, by the prefix's hash: a direct-mapped table of
 * fixed size (a newer prefix takes an older one's slot), so memory stays bounded however many
 * sessions come (an unbounded prefix trie is a known out-of-memory bug of other routers), and
 * lock-free. A race between two writers of one slot can pair a hash with the other's endpoint:
 * that request is then routed as without affinity, nothing worse.
 */
final class AffinityIndex {

    private final AtomicLongArray slots;
    private final int mask;

    /** @param entries rounded up to a power of two; two longs each */
    AffinityIndex(int entries) {
        int size = Integer.highestOneBit(Math.max(16, entries - 1)) << 1;
        this.slots = new AtomicLongArray(2 * size);
        this.mask = size - 1;
    }

    /** The endpoint id, or -1. */
    long get(long hash) {
        int i = slot(hash);
        return slots.get(i) == hash ? slots.get(i + 1) : -1;
    }

    void put(long hash, long endpointId) {
        int i = slot(hash);
        slots.set(i + 1, endpointId);
        slots.set(i, hash);
    }

    private int slot(long hash) {
        long mixed = hash ^ (hash >>> 29);
        return 2 * (int) (mixed & mask);
    }
}
