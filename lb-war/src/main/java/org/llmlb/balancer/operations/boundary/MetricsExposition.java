package org.llmlb.balancer.operations.boundary;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.llmlb.balancer.cluster.control.ClusterExchange;
import org.llmlb.balancer.models.control.ModelCatalog;
import org.llmlb.balancer.routing.control.Router;
import org.llmlb.balancer.routing.control.Upstreams;
import org.llmlb.balancer.routing.entity.RoutingMode;
import org.llmlb.balancer.routing.entity.Upstream;
import org.llmlb.balancer.stats.control.CacheCounters;
import org.llmlb.balancer.stats.control.Histogram;
import org.llmlb.balancer.stats.control.RequestMetrics;
import org.llmlb.balancer.stats.control.Statistics;
import org.llmlb.balancer.stats.entity.AnswerClass;
import org.llmlb.balancer.stats.entity.EndpointTotals;

/**
 * The balancer's own metrics in Prometheus text. The first three families are the seed's, which
 * dashboards depend on: names, labels and types must not change. Labels are endpoint names and
 * status codes only, so the number of series stays bounded by the configuration.
 */
@ApplicationScoped
public class MetricsExposition {

    @Inject
    Upstreams upstreams;

    @Inject
    Statistics statistics;

    @Inject
    RequestMetrics requests;

    @Inject
    CacheCounters cache;

    @Inject
    ModelCatalog catalog;

    @Inject
    Router router;

    @Inject
    ClusterExchange cluster;

    @Inject
    Clock clock;

    public String text() {
        List<Upstream> endpoints = upstreams.all();
        // totals() rather than of(id): reading must not resurrect the statistics of a deleted endpoint
        Map<Long, EndpointTotals> totals = statistics.totals();
        long now = clock.millis();
        PrometheusText text = new PrometheusText();

        text.family("lb_endpoint_requests_total", "counter",
                "Total requests per endpoint: every attempt, whatever it answered");
        endpoints.forEach(u -> text.sample("lb_endpoint_requests_total", of(totals, u).requests, "endpoint", u.name()));
        text.family("lb_endpoint_tokens_total", "counter", "Total tokens per endpoint");
        for (Upstream u : endpoints) {
            EndpointTotals t = of(totals, u);
            text.sample("lb_endpoint_tokens_total", t.promptTokens, "endpoint", u.name(), "type", "prompt");
            text.sample("lb_endpoint_tokens_total", t.completionTokens, "endpoint", u.name(), "type", "completion");
        }
        text.family("lb_endpoint_avg_latency_seconds", "gauge", "Average latency per endpoint");
        endpoints.forEach(u -> text.sample("lb_endpoint_avg_latency_seconds", averageSeconds(of(totals, u)),
                "endpoint", u.name()));

        text.family("lb_endpoint_failures_total", "counter",
                "Failed attempts per endpoint (connect error, timeout, 5xx, 429)");
        endpoints.forEach(u -> text.sample("lb_endpoint_failures_total", of(totals, u).failures, "endpoint", u.name()));
        text.family("lb_estimated_completion_tokens_total", "counter",
                "Completion tokens counted one per streamed delta because the endpoint reported no usage");
        endpoints.forEach(u -> text.sample("lb_estimated_completion_tokens_total",
                of(totals, u).estimatedCompletionTokens, "endpoint", u.name()));
        text.family("lb_endpoint_inflight", "gauge", "Requests currently running on the endpoint");
        endpoints.forEach(u -> text.sample("lb_endpoint_inflight", u.state().inflight(), "endpoint", u.name()));
        text.family("lb_endpoint_in_cooldown", "gauge", "1 while the endpoint's circuit breaker keeps it out of rotation");
        endpoints.forEach(u -> text.sample("lb_endpoint_in_cooldown", u.state().cooldown.inCooldown(now) ? 1 : 0,
                "endpoint", u.name()));

        text.family("lb_endpoint_answers_total", "counter", "Attempts per endpoint by what the endpoint answered: "
                + "status class 2xx/3xx/4xx/5xx, client_closed (the client hung up first), no_answer (refused, DNS, "
                + "TLS, timeout, broken stream); they add up to lb_endpoint_requests_total");
        for (Upstream u : endpoints) {
            EndpointTotals t = of(totals, u);
            for (AnswerClass c : AnswerClass.values()) {
                text.sample("lb_endpoint_answers_total", t.answers(c), "endpoint", u.name(), "class", c.label);
            }
        }
        text.family("lb_endpoint_models_discovered", "gauge",
                "1 when the endpoint's last model discovery (GET base_url/models) succeeded, 0 when it failed or is pending");
        endpoints.forEach(u -> text.sample("lb_endpoint_models_discovered", catalog.discovery(u.id()).ok() ? 1 : 0,
                "endpoint", u.name()));
        text.family("lb_endpoint_time_to_first_token_seconds", "histogram",
                "Streams: time from the start of the request to the first event written to the client, per endpoint");
        Map<Long, Histogram.Snapshot> ttfts = statistics.timesToFirstToken();
        for (Upstream u : endpoints) {
            Histogram.Snapshot ttft = ttfts.get(u.id());
            if (ttft != null) {
                text.series("lb_endpoint_time_to_first_token_seconds", ttft, "endpoint", u.name());
            }
        }

        text.family("lb_requests_total", "counter", "Proxied requests by the HTTP status the client received");
        long[] byStatus = requests.byStatus();
        for (int i = 0; i < byStatus.length; i++) {
            if (byStatus[i] > 0) {
                text.sample("lb_requests_total", byStatus[i], "status", Integer.toString(RequestMetrics.status(i)));
            }
        }
        text.histogram("lb_request_duration_seconds", "Time from the start of a proxied request to its end",
                requests.duration());
        text.histogram("lb_time_to_first_token_seconds",
                "Streams: time from the start of the request to the first event written to the client",
                requests.timeToFirstToken());
        text.family("lb_endpoint_overhead_seconds", "histogram",
                "Time the balancer itself spent on a proxied request before handing it to the endpoint "
                        + "(the X-LB-Overhead-Ms header), not counting queueing and failed attempts");
        Map<Long, Histogram.Snapshot> overheads = statistics.overheads();
        for (Upstream u : endpoints) {
            Histogram.Snapshot overhead = overheads.get(u.id());
            if (overhead != null) {
                text.series("lb_endpoint_overhead_seconds", overhead, "endpoint", u.name());
            }
        }
        text.family("lb_requests_queued", "gauge",
                "Requests waiting for a free endpoint slot (every eligible endpoint at its max_concurrent)");
        text.sample("lb_requests_queued", router.waiting());
        text.family("lb_cluster_members", "gauge",
                "Balancer replicas sharing live state over the data grid, this one included (1 standalone)");
        text.sample("lb_cluster_members", Math.max(1, cluster.members().size()));
        text.family("lb_routing_decisions_total", "counter",
                "Endpoints chosen, by the rule that chose them: quota (percentage mode), priority, least_load");
        router.decisions().forEach((mode, n) -> text.sample("lb_routing_decisions_total", n, "reason",
                mode == RoutingMode.PERCENTAGE ? "quota" : mode.wire()));
        text.sample("lb_routing_decisions_total", router.affinityHits(), "reason", "affinity_hit");
        text.sample("lb_routing_decisions_total", router.affinityOverflows(), "reason", "affinity_overflow");
        text.family("lb_failovers_total", "counter", "Failed attempts retried on another endpoint");
        text.sample("lb_failovers_total", requests.failovers());
        text.family("lb_cache_hits_total", "counter", "Responses answered from the response cache");
        text.sample("lb_cache_hits_total", cache.hits());
        text.family("lb_cache_misses_total", "counter", "Cacheable requests not found in the response cache");
        text.sample("lb_cache_misses_total", cache.misses());
        return text.toString();
    }

    private static EndpointTotals of(Map<Long, EndpointTotals> totals, Upstream upstream) {
        EndpointTotals t = totals.get(upstream.id());
        return t != null ? t : new EndpointTotals();
    }

    private static double averageSeconds(EndpointTotals t) {
        return t.latencyCount == 0 ? 0 : t.latencyMicrosSum / 1e6 / t.latencyCount;
    }
}
