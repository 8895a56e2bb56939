package org.llmlb.balancer.routing.entity;

import java.util.List;

/**
 * The whole endpoint list is new (CDI event): at start-up, from SQLite, and after a configuration
 * import. Endpoints deleted by an import were announced one by one with {@link EndpointRemoved}
 * before.
 */
public record EndpointsReplaced(List<EndpointSettings> endpoints) {

    public EndpointsReplaced {
        endpoints = List.copyOf(endpoints);
    }
}
