package org.llmlb.balancer.stats.entity;

/**
 * The endpoint totals were just written to SQLite (CDI event, every {@code LB_STATS_FLUSH_SECONDS}
 * and at shutdown): whoever keeps other totals in memory (client tokens' usage) writes them now too.
 */
public record TotalsFlushed() {
}
