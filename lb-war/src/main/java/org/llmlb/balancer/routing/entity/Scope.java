package org.llmlb.balancer.routing.entity;

import java.util.Set;

/**
 * The entry node a request came through: which endpoints it may reach and in which mode.
 * {@code endpointIds == null} means the default incoming node (endpoints wired with
 * {@code connected=true}); {@code mode == null} means the global routing mode.
 */
public record Scope(Set<Long> endpointIds, RoutingMode mode) {

    public static final Scope DEFAULT = new Scope(null, null);

    public boolean reaches(Upstream upstream) {
        return endpointIds == null ? upstream.connected() : endpointIds.contains(upstream.id());
    }
}
