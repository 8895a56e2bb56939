package org.llmlb.balancer.stats.control;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.llmlb.balancer.routing.control.SlidingWindow;
import org.llmlb.balancer.stats.entity.AnswerClass;
import org.llmlb.balancer.stats.entity.EndpointTotals;

/** Per-endpoint and global counters and rates of proxied traffic; lock-free on the hot path. */
@ApplicationScoped
public class Statistics {

    static final int WINDOW_SECONDS = 10;

    @Inject
    Clock clock;

    private final Map<Long, EndpointStats> byEndpoint = new ConcurrentHashMap<>();
    private SlidingWindow globalTokens;
    private SlidingWindow globalRequests;

    @PostConstruct
    void init() {
        globalTokens = new SlidingWindow(clock, 1000, WINDOW_SECONDS);
        globalRequests = new SlidingWindow(clock, 1000, WINDOW_SECONDS);
    }

    public EndpointStats of(long endpointId) {
        return byEndpoint.computeIfAbsent(endpointId, id -> new EndpointStats(clock, WINDOW_SECONDS));
    }

    public void success(long endpointId, long promptTokens, long completionTokens, boolean estimated,
                        long latencyMicros) {
        EndpointStats s = of(endpointId);
        s.requests.increment();
        s.answers[AnswerClass.S2XX.ordinal()].increment();
        s.promptTokens.add(promptTokens);
        s.completionTokens.add(completionTokens);
        if (estimated) {
            s.estimatedCompletionTokens.add(completionTokens);
        }
        s.latencyMicrosSum.add(latencyMicros);
        s.latencyCount.increment();
        long tokens = promptTokens + completionTokens;
        s.tokens.add(tokens);
        s.requestRate.add(1);
        globalTokens.add(tokens);
        globalRequests.add(1);
    }

    /** An attempt that failed the endpoint: with the status it answered (5xx, 429), or 0 for none. */
    public void failure(long endpointId, int status) {
        EndpointStats s = of(endpointId);
        s.failures.increment();
        attempt(s, AnswerClass.of(status));
    }

    /** An answer passed through as it was, neither the endpoint's success nor its failure (a 4xx). */
    public void answered(long endpointId, int status) {
        attempt(of(endpointId), AnswerClass.of(status));
    }

    /** The client hung up before the endpoint's answer was over. */
    public void clientClosed(long endpointId) {
        attempt(of(endpointId), AnswerClass.CLIENT_CLOSED);
    }

    private void attempt(EndpointStats s, AnswerClass answer) {
        s.requests.increment();
        s.answers[answer.ordinal()].increment();
        s.requestRate.add(1);
        globalRequests.add(1);
    }

    /** A stream's first event reaches the client {@code nanos} after the request began. */
    public void firstToken(long endpointId, long nanos) {
        of(endpointId).timeToFirstToken.observe(nanos);
    }

    /** Time the balancer itself spent on a request before handing it to the endpoint. */
    public void overhead(long endpointId, long nanos) {
        of(endpointId).overhead.observe(nanos);
    }

    /** Overhead histograms of the endpoints that have statistics; reading does not create any. */
    public Map<Long, Histogram.Snapshot> overheads() {
        Map<Long, Histogram.Snapshot> result = new java.util.HashMap<>();
        byEndpoint.forEach((id, s) -> result.put(id, s.overhead.snapshot()));
        return result;
    }

    /** Time-to-first-token histograms of the endpoints that have statistics. */
    public Map<Long, Histogram.Snapshot> timesToFirstToken() {
        Map<Long, Histogram.Snapshot> result = new java.util.HashMap<>();
        byEndpoint.forEach((id, s) -> result.put(id, s.timeToFirstToken.snapshot()));
        return result;
    }

    public double tokensPerSecond() {
        return globalTokens.perSecond();
    }

    public double requestsPerSecond() {
        return globalRequests.perSecond();
    }

    public void restore(EndpointTotals totals) {
        EndpointStats fresh = new EndpointStats(clock, WINDOW_SECONDS);
        fresh.restore(totals);
        byEndpoint.put(totals.endpointId, fresh);
    }

    public void forget(long endpointId) {
        byEndpoint.remove(endpointId);
    }

    public void reset() {
        byEndpoint.values().forEach(EndpointStats::reset);
        globalTokens.clear();
        globalRequests.clear();
    }

    public Map<Long, EndpointTotals> totals() {
        Map<Long, EndpointTotals> result = new java.util.HashMap<>();
        byEndpoint.forEach((id, s) -> result.put(id, s.totals(id)));
        return result;
    }
}
