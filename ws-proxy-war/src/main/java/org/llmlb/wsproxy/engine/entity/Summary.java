package org.llmlb.wsproxy.engine.entity;

import java.util.List;
import java.util.Map;

/**
 * What a run measured so far; field names become the snake_case keys of the JSON summary. A
 * latency without data is null (written as such), not zero. {@code errorsBy} breaks failures
 * down by status and code, {@code endpoints} the requests by the endpoint that served them.
 * {@code promptTokens} and {@code outputTokens} are the totals of the completed requests (from
 * usage, else counted: {@code tokensEstimated}); {@code sweep} is null unless the profile is a sweep.
 * {@code histograms} spread TTFT, ITL and end-to-end latency ({@code ttft_ms}, {@code itl_ms},
 * {@code e2e_ms}) over linear buckets; a latency without data has none.
 */
public record Summary(long offered, long requests, long errors, double errorRate, double durationSeconds,
                      double requestsPerSecond, double outputTokensPerSecond, Percentiles ttftMs,
                      Percentiles itlMs, Percentiles tpotMs, Percentiles e2eMs, boolean tokensEstimated,
                      Map<String, SloResult> slo, double goodput, int inFlight, List<ErrorCount> errorsBy,
                      Map<String, EndpointSummary> endpoints, SelfCheck selfCheck, long promptTokens,
                      long outputTokens, SweepSummary sweep, Map<String, LatencyHistogram> histograms) {

    public Summary withSweep(SweepSummary s) {
        return new Summary(offered, requests, errors, errorRate, durationSeconds, requestsPerSecond,
                outputTokensPerSecond, ttftMs, itlMs, tpotMs, e2eMs, tokensEstimated, slo, goodput, inFlight, errorsBy,
                endpoints, selfCheck, promptTokens, outputTokens, s, histograms);
    }
}
