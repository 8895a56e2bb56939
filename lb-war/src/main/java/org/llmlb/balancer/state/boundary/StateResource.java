package org.llmlb.balancer.state.boundary;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.llmlb.balancer.endpoints.boundary.EndpointView;
import org.llmlb.balancer.endpoints.boundary.EndpointViews;
import org.llmlb.balancer.proxy.control.Proxy;
import org.llmlb.balancer.routing.control.Router;
import org.llmlb.balancer.routing.control.Upstreams;
import org.llmlb.balancer.routing.entity.Upstream;
import org.llmlb.balancer.settings.control.Settings;
import org.llmlb.balancer.stats.control.Statistics;

/** Everything the flow editor shows, in one call. */
@jakarta.enterprise.context.RequestScoped
@Path("state")
@Produces(MediaType.APPLICATION_JSON)
public class StateResource {

    public static final String INCOMING_X = "incoming_pos_x";
    public static final String INCOMING_Y = "incoming_pos_y";

    @Inject
    EndpointViews endpoints;

    @Inject
    Router router;

    @Inject
    Upstreams upstreams;

    @Inject
    Statistics statistics;

    @Inject
    Settings settings;

    public record Position(double posX, double posY) {
    }

    public record State(String version, String routingMode, List<EndpointView> endpoints, Position incomingPos,
                        double tokensPerSecond, double requestsPerSecond, int totalInflight, String affinity,
                        long affinityHits, long affinityOverflows) {
    }

    @GET
    public State state() {
        int inflight = upstreams.all().stream().map(Upstream::state).mapToInt(s -> s.inflight()).sum();
        Position incoming = new Position(setting(INCOMING_X, 40), setting(INCOMING_Y, 200));
        return new State(Proxy.VERSION, upstreams.mode().wire(), endpoints.all(), incoming,
                round(statistics.tokensPerSecond()), round(statistics.requestsPerSecond()), inflight,
                router.affinity().wire(), router.affinityHits(), router.affinityOverflows());
    }

    private double setting(String name, double fallback) {
        return settings.get(name).map(Double::parseDouble).orElse(fallback);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
