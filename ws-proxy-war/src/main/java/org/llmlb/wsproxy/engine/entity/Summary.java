package org.llmlb.wsproxy.engine.entity;

import java.util.Map;

/** What a run measured so far; field names become the snake_case keys of the JSON summary. */
public record Summary(long offered, long requests, long errors, double errorRate, double durationSeconds,
                      double requestsPerSecond, double outputTokensPerSecond, Percentiles ttftMs,
                      Percentiles itlMs, Percentiles tpotMs, Percentiles e2eMs, boolean tokensEstimated,
                      Map<String, SloResult> slo, double goodput) {
}
