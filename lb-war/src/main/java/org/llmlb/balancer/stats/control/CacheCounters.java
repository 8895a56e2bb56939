package org.llmlb.balancer.stats.control;

import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hits and misses of the response cache, for {@code /metrics}. Kept here rather than in the
 * cache so the exposition does not depend on how the cache is built; the cache calls
 * {@link #hit()} or {@link #miss()} once per cacheable lookup.
 */
@ApplicationScoped
public class CacheCounters {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public void hit() {
        hits.increment();
    }

    public void miss() {
        misses.increment();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }
}
