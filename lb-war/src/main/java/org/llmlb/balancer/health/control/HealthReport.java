package org.llmlb.balancer.health.control;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;

import org.llmlb.balancer.Balancer;
import org.llmlb.balancer.routing.control.Upstreams;
import org.llmlb.balancer.routing.entity.RoutingMode;
import org.llmlb.balancer.routing.entity.Upstream;
import org.llmlb.balancer.stats.control.Statistics;

/**
 * The numbers behind {@code /health}: what an operator wants at a glance, field names as in the
 * seed. Probes poll it hard, so the JSON is kept as bytes: built again at once when the
 * configuration, the status or the requests in flight change, and for the rates (10 s averages)
 * at most every {@link #RATES_REFRESH_MILLIS}.
 */
@ApplicationScoped
public class HealthReport {

    public static final String OK = "ok";
    static final long RATES_REFRESH_MILLIS = 100;

    /** Looked up once: {@code Json.create…} searches for the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    Upstreams upstreams;

    @Inject
    Statistics statistics;

    @Inject
    Drain drain;

    @Inject
    Clock clock;

    private volatile Ready ready;

    /**
     * The one place that decides the overall status; anything but {@link #OK} (e.g. "draining"
     * during a graceful shutdown) makes {@code /health} answer 503.
     */
    public String status() {
        return drain.draining() ? "draining" : OK;
    }

    public Snapshot snapshot() {
        List<Upstream> table = upstreams.all();
        int inflight = 0;
        for (Upstream u : table) {
            inflight += u.state().inflight();
        }
        String status = status();
        RoutingMode mode = upstreams.mode();
        long now = clock.millis();
        Ready last = ready;
        if (last != null && last.table == table && last.mode == mode && last.status.equals(status)
                && last.inflight == inflight && now >= last.builtAt && now - last.builtAt < RATES_REFRESH_MILLIS) {
            return last.snapshot;
        }
        Snapshot fresh = build(table, status, mode, inflight);
        ready = new Ready(table, mode, status, inflight, now, fresh);
        return fresh;
    }

    private Snapshot build(List<Upstream> table, String status, RoutingMode mode, int inflight) {
        int connected = 0;
        for (Upstream u : table) {
            connected += u.connected() ? 1 : 0;
        }
        String json = JSON.createObjectBuilder()
                .add("status", status)
                .add("version", Balancer.VERSION)
                .add("endpoints", table.size())
                .add("connected", connected)
                .add("routing_mode", mode.wire())
                .add("tokens_per_second", round(statistics.tokensPerSecond()))
                .add("requests_per_second", round(statistics.requestsPerSecond()))
                .add("total_inflight", inflight)
                .build().toString();
        return new Snapshot(OK.equals(status), json.getBytes(StandardCharsets.UTF_8));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** @param json the body, shared between requests: never to be changed */
    public record Snapshot(boolean healthy, byte[] json) {
    }

    /** A snapshot and what it was built from. */
    private record Ready(List<Upstream> table, RoutingMode mode, String status, int inflight, long builtAt,
                         Snapshot snapshot) {
    }
}
