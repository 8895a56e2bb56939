package org.llmlb.balancer.endpoints.boundary;

import java.time.Instant;
import java.util.List;

import org.llmlb.balancer.endpoints.entity.Endpoint;
import org.llmlb.balancer.routing.control.UpstreamState;
import org.llmlb.balancer.stats.control.EndpointStats;
import org.llmlb.balancer.tokens.control.Secrets;

/** An endpoint as the admin API shows it: configuration (never the key) plus live numbers. */
public record EndpointView(long id, String name, String baseUrl, String apiKeyPreview, boolean enabled,
                           boolean connected, double tokenQuotaPercent, int priorityOrder, int maxConcurrent,
                           Double timeout, boolean verifyTls, double posX, double posY, String createdAt,
                           long requests, long failures, long promptTokens, long completionTokens,
                           long estimatedCompletionTokens, double avgLatencySeconds, int inflight,
                           double tokensPerSecond, double requestsPerSecond, int consecutiveFailures,
                           boolean inCooldown, String cooldownUntil, List<String> models) {

    public static EndpointView of(Endpoint e, UpstreamState state, EndpointStats stats, List<String> models,
                                  long nowMillis) {
        long until = state.cooldown.openUntil();
        boolean cooling = state.cooldown.inCooldown(nowMillis);
        return new EndpointView(e.id, e.name, e.baseUrl, Secrets.preview(e.apiKey), e.enabled, e.connected,
                e.tokenQuotaPercent, e.priorityOrder, e.maxConcurrent, e.timeout, e.verifyTls, e.posX, e.posY,
                e.createdAt == null ? null : e.createdAt.toString(),
                stats.requests(), stats.failures(), stats.promptTokens(), stats.completionTokens(),
                stats.estimatedCompletionTokens(), round(stats.avgLatencySeconds()), state.inflight(),
                round(stats.tokensPerSecond()), round(stats.requestsPerSecond()),
                state.cooldown.consecutiveFailures(), cooling,
                cooling ? Instant.ofEpochMilli(until).toString() : null, models);
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
