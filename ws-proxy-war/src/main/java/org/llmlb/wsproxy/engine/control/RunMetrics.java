package org.llmlb.wsproxy.engine.control;

import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.llmlb.wsproxy.engine.entity.LatencyHistogram;
import org.llmlb.wsproxy.engine.entity.Percentiles;
import org.llmlb.wsproxy.engine.entity.RequestRecord;
import org.llmlb.wsproxy.engine.entity.SelfCheck;
import org.llmlb.wsproxy.engine.entity.Slo;
import org.llmlb.wsproxy.engine.entity.SloResult;
import org.llmlb.wsproxy.engine.entity.Summary;

/**
 * The measurements of one run. Latencies go into HdrHistograms in microseconds, so memory stays
 * bounded however long a run lasts. Recording is synchronized: it is a few array increments,
 * never I/O, and a summary must see one request's values all or not at all.
 */
public final class RunMetrics {

    private static final int DIGITS = 3;

    private final Slo slo;
    private final Histogram ttft = new Histogram(DIGITS);
    private final Histogram itl = new Histogram(DIGITS);
    private final Histogram tpot = new Histogram(DIGITS);
    private final Histogram e2e = new Histogram(DIGITS);
    private final ErrorBreakdown errorsBy = new ErrorBreakdown();
    private final EndpointBreakdown endpoints = new EndpointBreakdown();
    private long requests;
    private long errors;
    private long outputTokens;
    private long promptTokens;
    private long good;
    private boolean estimated;

    public RunMetrics(Slo slo) {
        this.slo = slo == null ? Slo.NONE : slo;
    }

    public synchronized void record(RequestRecord request) {
        requests++;
        endpoints.add(request);
        if (request.error()) {
            errors++;
            errorsBy.add(request);
            return;
        }
        outputTokens += request.outputTokens();
        promptTokens += request.promptTokens();
        estimated |= request.tokensEstimated();
        e2e.recordValue(micros(request.e2eNanos()));
        if (request.hasTtft()) {
            ttft.recordValue(micros(request.ttftNanos()));
        }
        for (long gap : request.itlNanos()) {
            itl.recordValue(micros(gap));
        }
        if (request.tpotNanos() >= 0) {
            tpot.recordValue(Math.round(request.tpotNanos() / 1_000));
        }
        if (meetsLatencySlo(request)) {
            good++;
        }
    }

    /** Whether requests completed and every one of them failed. */
    public synchronized boolean allFailed() {
        return requests > 0 && errors == requests;
    }

    public Summary summary(long offered, double durationSeconds) {
        return summary(offered, durationSeconds, 0, null);
    }

    public synchronized Summary summary(long offered, double durationSeconds, int inFlight, SelfCheck selfCheck) {
        double seconds = Math.max(durationSeconds, 1e-9);
        double errorRate = requests == 0 ? 0 : (double) errors / requests;
        Percentiles ttftMs = percentiles(ttft);
        Percentiles e2eMs = percentiles(e2e);
        Map<String, SloResult> results = new LinkedHashMap<>();
        if (slo.ttftP95Ms() != null) {
            results.put("ttft_p95_ms", atMost(slo.ttftP95Ms(), ttftMs == null ? null : ttftMs.p95()));
        }
        if (slo.e2eP95Ms() != null) {
            results.put("e2e_p95_ms", atMost(slo.e2eP95Ms(), e2eMs == null ? null : e2eMs.p95()));
        }
        if (slo.errorRate() != null) {
            results.put("error_rate", atMost(slo.errorRate(), requests == 0 ? null : errorRate));
        }
        return new Summary(offered, requests, errors, errorRate, durationSeconds, requests / seconds,
                outputTokens / seconds, ttftMs, percentiles(itl), percentiles(tpot), e2eMs, estimated,
                results, good / seconds, inFlight, errorsBy.counts(), endpoints.summaries(), selfCheck, promptTokens,
                outputTokens, null, histograms());
    }

    private Map<String, LatencyHistogram> histograms() {
        Map<String, LatencyHistogram> all = new LinkedHashMap<>();
        Histograms.of(ttft).ifPresent(h -> all.put("ttft_ms", h));
        Histograms.of(itl).ifPresent(h -> all.put("itl_ms", h));
        Histograms.of(e2e).ifPresent(h -> all.put("e2e_ms", h));
        return all;
    }

    /** Per request, a percentile threshold becomes a bound on the request's own value. */
    private boolean meetsLatencySlo(RequestRecord request) {
        if (slo.ttftP95Ms() != null && (!request.hasTtft() || request.ttftNanos() / 1e6 > slo.ttftP95Ms())) {
            return false;
        }
        return slo.e2eP95Ms() == null || request.e2eNanos() / 1e6 <= slo.e2eP95Ms();
    }

    private static SloResult atMost(double threshold, Double measured) {
        return new SloResult(threshold, measured, measured != null && measured <= threshold);
    }

    /** Null without data: a chart or a report shows "none", not a false zero. */
    static Percentiles percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return null;
        }
        return new Percentiles(ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(95)), ms(h.getValueAtPercentile(99)), h.getMean() / 1_000);
    }

    private static double ms(long micros) {
        return micros / 1_000.0;
    }

    static long micros(long nanos) {
        return Math.max(0, nanos / 1_000);
    }
}
