package org.llmlb.wsproxy.engine.entity;

import java.util.List;
import java.util.Map;

/**
 * What a run measured so far; field names become the snake_case keys of the JSON summary. A
 * latency without data is null (written as such), not zero. {@code errorsBy} breaks failures
 * down by status and code, {@code endpoints} the requests by the endpoint that served them.
 */
public record Summary(long offered, long requests, long errors, double errorRate, double durationSeconds,
                      double requestsPerSecond, double outputTokensPerSecond, Percentiles ttftMs,
                      Percentiles itlMs, Percentiles tpotMs, Percentiles e2eMs, boolean tokensEstimated,
                      Map<String, SloResult> slo, double goodput, int inFlight, List<ErrorCount> errorsBy,
                      Map<String, EndpointSummary> endpoints, SelfCheck selfCheck) {
}
