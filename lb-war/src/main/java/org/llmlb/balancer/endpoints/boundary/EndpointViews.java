package org.llmlb.balancer.endpoints.boundary;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.llmlb.balancer.endpoints.control.EndpointStore;
import org.llmlb.balancer.endpoints.entity.Endpoint;
import org.llmlb.balancer.health.control.EndpointHealth;
import org.llmlb.balancer.models.control.ModelCatalog;
import org.llmlb.balancer.routing.control.Upstreams;
import org.llmlb.balancer.stats.control.Statistics;

/** Joins stored configuration with live routing state and statistics. */
@ApplicationScoped
public class EndpointViews {

    @Inject
    EndpointStore store;

    @Inject
    Upstreams upstreams;

    @Inject
    Statistics statistics;

    @Inject
    ModelCatalog catalog;

    @Inject
    EndpointHealth health;

    @Inject
    Clock clock;

    public List<EndpointView> all() {
        return store.all().stream().map(this::of).toList();
    }

    public EndpointView of(Endpoint e) {
        return EndpointView.of(e, upstreams.state(e.id), statistics.of(e.id), catalog.modelIds(e.id),
                health.last(e.id), catalog.discovery(e.id), clock.millis());
    }
}
