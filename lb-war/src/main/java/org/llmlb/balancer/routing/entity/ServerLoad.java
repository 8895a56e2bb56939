package org.llmlb.balancer.routing.entity;

/**
 * What an endpoint last said about its own load in a response header (vLLM's ORCA
 * {@code endpoint-load-metrics}), and when.
 *
 * @param waiting      requests waiting in its queue ({@code num_requests_waiting}); NaN when not reported
 * @param kvCacheUsage fraction of its KV cache in use ({@code kv_cache_usage_perc}, 0–1); NaN when not reported
 * @param atMillis     when the balancer received it
 */
public record ServerLoad(double waiting, double kvCacheUsage, long atMillis) {

    public boolean freshAt(long nowMillis, long maxAgeMillis) {
        return nowMillis - atMillis <= maxAgeMillis;
    }
}
