package org.llmlb.balancer.routing.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.llmlb.balancer.persistence.control.Settings;
import org.llmlb.balancer.routing.entity.Affinity;
import org.llmlb.balancer.routing.entity.RoutingMode;

/** The global routing mode and session affinity: stored as settings, applied to the router. */
@ApplicationScoped
public class RoutingSettings {

    public static final String ROUTING_MODE = "routing_mode";
    public static final String AFFINITY = "affinity";

    @Inject
    Settings settings;

    @Inject
    Upstreams upstreams;

    @Inject
    Router router;

    /** At start-up and after a configuration import: what is stored is what routes. */
    public void load() {
        upstreams.mode(settings.get(ROUTING_MODE).flatMap(RoutingMode::parse).orElse(RoutingMode.PERCENTAGE));
        router.affinity(settings.get(AFFINITY).flatMap(Affinity::parse).orElse(Affinity.NONE));
    }

    public void mode(RoutingMode mode) {
        settings.put(ROUTING_MODE, mode.wire());
        upstreams.mode(mode);
    }

    public void affinity(Affinity affinity) {
        settings.put(AFFINITY, affinity.wire());
        router.affinity(affinity);
    }
}
