package org.llmlb.balancer.health.control;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;

import org.llmlb.balancer.proxy.control.Proxy;
import org.llmlb.balancer.routing.control.Upstreams;
import org.llmlb.balancer.routing.entity.Upstream;
import org.llmlb.balancer.stats.control.Statistics;

/** The numbers behind {@code /health}: what an operator wants at a glance, field names as in the seed. */
@ApplicationScoped
public class HealthReport {

    public static final String OK = "ok";

    /** Looked up once: {@code Json.create…} searches for the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    Upstreams upstreams;

    @Inject
    Statistics statistics;

    @Inject
    Drain drain;

    /**
     * The one place that decides the overall status; anything but {@link #OK} (e.g. "draining"
     * during a graceful shutdown) makes {@code /health} answer 503.
     */
    public String status() {
        return drain.draining() ? "draining" : OK;
    }

    public Snapshot snapshot() {
        List<Upstream> all = upstreams.all();
        int connected = 0;
        int inflight = 0;
        for (Upstream u : all) {
            connected += u.connected() ? 1 : 0;
            inflight += u.state().inflight();
        }
        String status = status();
        String json = JSON.createObjectBuilder()
                .add("status", status)
                .add("version", Proxy.VERSION)
                .add("endpoints", all.size())
                .add("connected", connected)
                .add("routing_mode", upstreams.mode().wire())
                .add("tokens_per_second", round(statistics.tokensPerSecond()))
                .add("requests_per_second", round(statistics.requestsPerSecond()))
                .add("total_inflight", inflight)
                .build().toString();
        return new Snapshot(OK.equals(status), json);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    public record Snapshot(boolean healthy, String json) {
    }
}
