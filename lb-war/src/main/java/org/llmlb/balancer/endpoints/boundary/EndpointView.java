package org.llmlb.balancer.endpoints.boundary;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.bind.annotation.JsonbProperty;

import org.llmlb.balancer.admin.control.Secrets;
import org.llmlb.balancer.endpoints.entity.Endpoint;
import org.llmlb.balancer.health.entity.Discovery;
import org.llmlb.balancer.health.entity.UpstreamError;
import org.llmlb.balancer.routing.control.UpstreamState;
import org.llmlb.balancer.routing.entity.PolledLoad;
import org.llmlb.balancer.routing.entity.ServerLoad;
import org.llmlb.balancer.stats.control.EndpointStats;
import org.llmlb.balancer.stats.control.Histogram;
import org.llmlb.balancer.stats.entity.AnswerClass;

/** An endpoint as the admin API shows it: configuration (never the key) plus live numbers. */
public record EndpointView(long id, String name, String baseUrl, String apiKeyPreview, boolean enabled,
                           boolean connected, double tokenQuotaPercent, int priorityOrder, int maxConcurrent,
                           Double timeout, boolean verifyTls, double posX, double posY, String createdAt,
                           long requests, long failures, long promptTokens, long completionTokens,
                           long estimatedCompletionTokens, double avgLatencySeconds, int inflight,
                           double tokensPerSecond, double requestsPerSecond, int consecutiveFailures,
                           boolean inCooldown, String cooldownUntil, String cooldownReason, List<String> models,
                           Map<String, Long> answers, @JsonbProperty("ttft_p50_seconds") Double ttftP50Seconds,
                           @JsonbProperty("ttft_p99_seconds") Double ttftP99Seconds,
                           UpstreamError lastError, Discovery discovery, LoadSignal loadSignal) {

    /**
     * The endpoint's own last load report ({@code endpoint-load-metrics}), with its age: what
     * {@code least_load} adds to the in-flight count while the report is fresh; and what its
     * {@code GET /load} said last ({@code server_load}, with its age), which {@code least_load}
     * takes when it is more. Fields of a signal never received are null.
     */
    public record LoadSignal(Double waiting, Double kvCacheUsage, Double ageSeconds, Long serverLoad,
                             Double serverLoadAgeSeconds) {

        static LoadSignal of(ServerLoad report, PolledLoad polled, long nowMillis) {
            if (report == null && polled == null) {
                return null;
            }
            return new LoadSignal(report == null || Double.isNaN(report.waiting()) ? null : report.waiting(),
                    report == null || Double.isNaN(report.kvCacheUsage()) ? null : round(report.kvCacheUsage()),
                    report == null ? null : round(Math.max(0, nowMillis - report.atMillis()) / 1000.0),
                    polled == null ? null : polled.requests(),
                    polled == null ? null : round(Math.max(0, nowMillis - polled.atMillis()) / 1000.0));
        }
    }

    public static EndpointView of(Endpoint e, UpstreamState state, EndpointStats stats, List<String> models,
                                  UpstreamError lastError, Discovery discovery, long nowMillis) {
        long until = state.cooldown.openUntil();
        boolean cooling = state.cooldown.inCooldown(nowMillis);
        Map<String, Long> answers = new LinkedHashMap<>();
        for (AnswerClass c : AnswerClass.values()) {
            answers.put(c.label, stats.answers(c));
        }
        Histogram.Snapshot ttft = stats.timeToFirstToken();
        return new EndpointView(e.id, e.name, e.baseUrl, Secrets.preview(e.apiKey), e.enabled, e.connected,
                e.tokenQuotaPercent, e.priorityOrder, e.maxConcurrent, e.timeout, e.verifyTls, e.posX, e.posY,
                e.createdAt == null ? null : e.createdAt.toString(),
                stats.requests(), stats.failures(), stats.promptTokens(), stats.completionTokens(),
                stats.estimatedCompletionTokens(), round(stats.avgLatencySeconds()), state.inflight(),
                round(stats.tokensPerSecond()), round(stats.requestsPerSecond()),
                state.cooldown.consecutiveFailures(), cooling,
                cooling ? Instant.ofEpochMilli(until).toString() : null,
                cooling ? cooldownReason(state, lastError) : null, models, answers,
                rounded(ttft.quantile(0.5)), rounded(ttft.quantile(0.99)), lastError, discovery,
                LoadSignal.of(state.serverLoad(), state.polledLoad(), nowMillis));
    }

    /** Why it is out of rotation, in one sentence for the UI's badge. */
    static String cooldownReason(UpstreamState state, UpstreamError lastError) {
        int failures = state.cooldown.consecutiveFailures();
        String why = failures + (failures == 1 ? " failure" : " failures") + " in a row";
        return lastError == null ? why : why + "; last: " + lastError.message()
                + (lastError.body() == null ? "" : " (" + lastError.body() + ")");
    }

    private static Double rounded(Double value) {
        return value == null ? null : round(value);
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
