package org.llmlb.balancer.stats.control;

import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

import org.llmlb.balancer.routing.control.SlidingWindow;
import org.llmlb.balancer.stats.entity.AnswerClass;
import org.llmlb.balancer.stats.entity.EndpointTotals;

/** Live counters of one endpoint; totals restored from SQLite are the starting point. */
public final class EndpointStats {

    final LongAdder requests = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder promptTokens = new LongAdder();
    final LongAdder completionTokens = new LongAdder();
    final LongAdder estimatedCompletionTokens = new LongAdder();
    final LongAdder latencyMicrosSum = new LongAdder();
    final LongAdder latencyCount = new LongAdder();
    final SlidingWindow tokens;
    final SlidingWindow requestRate;
    /** The balancer's own time before the upstream could start on a request; live only, not persisted. */
    final Histogram overhead = new Histogram(Histogram.OVERHEAD_BOUNDS);
    /** Streams: from the request's start to its first event; live only. */
    final Histogram timeToFirstToken = new Histogram(Histogram.LATENCY_BOUNDS);
    /** Attempts per {@link AnswerClass}, by its ordinal; they add up to {@link #requests}. */
    final LongAdder[] answers = new LongAdder[AnswerClass.values().length];

    EndpointStats(Clock clock, int windowSeconds) {
        this.tokens = new SlidingWindow(clock, 1000, windowSeconds);
        this.requestRate = new SlidingWindow(clock, 1000, windowSeconds);
        for (int i = 0; i < answers.length; i++) {
            answers[i] = new LongAdder();
        }
    }

    void restore(EndpointTotals totals) {
        requests.add(totals.requests);
        failures.add(totals.failures);
        promptTokens.add(totals.promptTokens);
        completionTokens.add(totals.completionTokens);
        estimatedCompletionTokens.add(totals.estimatedCompletionTokens);
        latencyMicrosSum.add(totals.latencyMicrosSum);
        latencyCount.add(totals.latencyCount);
        for (AnswerClass c : AnswerClass.values()) {
            answers[c.ordinal()].add(totals.answers(c));
        }
    }

    void reset() {
        requests.reset();
        failures.reset();
        promptTokens.reset();
        completionTokens.reset();
        estimatedCompletionTokens.reset();
        latencyMicrosSum.reset();
        latencyCount.reset();
        for (LongAdder a : answers) {
            a.reset();
        }
        tokens.clear();
        requestRate.clear();
    }

    EndpointTotals totals(long endpointId) {
        EndpointTotals t = new EndpointTotals();
        t.endpointId = endpointId;
        t.requests = requests.sum();
        t.failures = failures.sum();
        t.promptTokens = promptTokens.sum();
        t.completionTokens = completionTokens.sum();
        t.estimatedCompletionTokens = estimatedCompletionTokens.sum();
        t.latencyMicrosSum = latencyMicrosSum.sum();
        t.latencyCount = latencyCount.sum();
        for (AnswerClass c : AnswerClass.values()) {
            t.answers(c, answers[c.ordinal()].sum());
        }
        return t;
    }

    public long requests() {
        return requests.sum();
    }

    public long failures() {
        return failures.sum();
    }

    public long promptTokens() {
        return promptTokens.sum();
    }

    public long completionTokens() {
        return completionTokens.sum();
    }

    public long estimatedCompletionTokens() {
        return estimatedCompletionTokens.sum();
    }

    public double avgLatencySeconds() {
        long count = latencyCount.sum();
        return count == 0 ? 0 : latencyMicrosSum.sum() / 1e6 / count;
    }

    public double tokensPerSecond() {
        return tokens.perSecond();
    }

    public double requestsPerSecond() {
        return requestRate.perSecond();
    }

    public long answers(AnswerClass c) {
        return answers[c.ordinal()].sum();
    }

    public Histogram.Snapshot timeToFirstToken() {
        return timeToFirstToken.snapshot();
    }

    public Histogram.Snapshot overhead() {
        return overhead.snapshot();
    }
}
