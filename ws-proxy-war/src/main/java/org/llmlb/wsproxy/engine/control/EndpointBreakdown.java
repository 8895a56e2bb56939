package org.llmlb.wsproxy.engine.control;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;
import org.llmlb.wsproxy.engine.entity.EndpointSummary;
import org.llmlb.wsproxy.engine.entity.RequestRecord;

/**
 * Requests by the endpoint that served them ({@code X-LB-Endpoint}); requests without the
 * header (a target that is not the balancer) are not listed. Names come from the target, so at
 * most {@link #MAX_ENDPOINTS} are kept apart. Not thread-safe: {@link RunMetrics} holds its lock.
 */
final class EndpointBreakdown {

    static final int MAX_ENDPOINTS = 64;
    static final String OTHERS = "(others)";

    private static final class Tally {
        final Histogram ttft = new Histogram(3);
        final Histogram e2e = new Histogram(3);
        final Histogram itl = new Histogram(3);
        long requests;
        long errors;
        long outputTokens;
    }

    private final Map<String, Tally> endpoints = new LinkedHashMap<>();

    void add(RequestRecord request) {
        if (request.endpoint() == null) {
            return;
        }
        String name = endpoints.containsKey(request.endpoint()) || endpoints.size() < MAX_ENDPOINTS
                ? request.endpoint() : OTHERS;
        Tally tally = endpoints.computeIfAbsent(name, n -> new Tally());
        tally.requests++;
        if (request.error()) {
            tally.errors++;
            return;
        }
        tally.outputTokens += request.outputTokens();
        tally.e2e.recordValue(RunMetrics.micros(request.e2eNanos()));
        if (request.hasTtft()) {
            tally.ttft.recordValue(RunMetrics.micros(request.ttftNanos()));
        }
        for (long gap : request.itlNanos()) {
            tally.itl.recordValue(RunMetrics.micros(gap));
        }
    }

    /** By name. */
    Map<String, EndpointSummary> summaries() {
        Map<String, EndpointSummary> out = new TreeMap<>();
        endpoints.forEach((name, t) -> out.put(name, new EndpointSummary(t.requests, t.errors, t.outputTokens,
                RunMetrics.percentiles(t.ttft), RunMetrics.percentiles(t.e2e), RunMetrics.percentiles(t.itl))));
        return out;
    }
}
