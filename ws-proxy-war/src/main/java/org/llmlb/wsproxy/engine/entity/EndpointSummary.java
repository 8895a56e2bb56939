package org.llmlb.wsproxy.engine.entity;

/**
 * The requests one endpoint served, by the balancer's {@code X-LB-Endpoint} answer header, so
 * two backends of different speed do not blur into one set of percentiles. Latencies are null
 * when none of its requests produced one.
 */
public record EndpointSummary(long requests, long errors, long outputTokens, Percentiles ttftMs,
                              Percentiles e2eMs, Percentiles itlMs) {
}
