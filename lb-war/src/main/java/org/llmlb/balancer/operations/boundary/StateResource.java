package org.llmlb.balancer.operations.boundary;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.llmlb.balancer.Balancer;
import org.llmlb.balancer.cluster.control.ClusterExchange;
import org.llmlb.balancer.cluster.entity.Member;
import org.llmlb.balancer.endpoints.boundary.EndpointView;
import org.llmlb.balancer.endpoints.boundary.EndpointViews;
import org.llmlb.balancer.incoming.control.IncomingPosition;
import org.llmlb.balancer.routing.control.Router;
import org.llmlb.balancer.routing.control.Upstreams;
import org.llmlb.balancer.routing.entity.Upstream;
import org.llmlb.balancer.stats.control.Statistics;

/** Everything the flow editor shows, in one call. */
@jakarta.enterprise.context.RequestScoped
@Path("state")
@Produces(MediaType.APPLICATION_JSON)
public class StateResource {

    @Inject
    EndpointViews endpoints;

    @Inject
    Router router;

    @Inject
    Upstreams upstreams;

    @Inject
    Statistics statistics;

    @Inject
    IncomingPosition incoming;

    @Inject
    ClusterExchange cluster;

    public record State(String version, String routingMode, List<EndpointView> endpoints, IncomingPosition.Position incomingPos,
                        double tokensPerSecond, double requestsPerSecond, int totalInflight, int queued, String affinity,
                        long affinityHits, long affinityOverflows, Cluster cluster) {
    }

    /** The replicas sharing live state; absent standalone. */
    public record Cluster(String replica, List<Member> members) {
    }

    @GET
    public State state() {
        int inflight = upstreams.all().stream().map(Upstream::state).mapToInt(s -> s.inflight()).sum();
        return new State(Balancer.VERSION, upstreams.mode().wire(), endpoints.all(), incoming.get(),
                round(statistics.tokensPerSecond()), round(statistics.requestsPerSecond()), inflight,
                router.waiting(), router.affinity().wire(), router.affinityHits(), router.affinityOverflows(),
                cluster.active() ? new Cluster(cluster.self(), cluster.members()) : null);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
