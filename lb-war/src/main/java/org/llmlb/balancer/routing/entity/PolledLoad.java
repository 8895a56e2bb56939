package org.llmlb.balancer.routing.entity;

/**
 * What an endpoint's {@code GET /load} (vLLM with {@code --enable-server-load-tracking}) last
 * said: the requests it is serving or holding, from every client, and when it was read.
 */
public record PolledLoad(long requests, long atMillis) {

    public boolean freshAt(long nowMillis, long maxAgeMillis) {
        return nowMillis - atMillis <= maxAgeMillis;
    }
}
