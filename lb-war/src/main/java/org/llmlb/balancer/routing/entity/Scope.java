package org.llmlb.balancer.routing.entity;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The entry node a request came through: which endpoints it may reach and in which mode.
 * {@code endpointIds == null} means the default incoming node (endpoints wired with
 * {@code connected=true}); {@code mode == null} means the global routing mode. {@code key}
 * names the scope in response-cache keys; it is built once with the scope, not per request.
 */
public record Scope(Set<Long> endpointIds, RoutingMode mode, String key) {

    public static final Scope DEFAULT = of(null, null);

    public static Scope of(Set<Long> endpointIds, RoutingMode mode) {
        String ids = endpointIds == null ? "*"
                : endpointIds.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
        return new Scope(endpointIds, mode, ids + '|' + (mode == null ? "" : mode.name()));
    }

    public boolean reaches(Upstream upstream) {
        return endpointIds == null ? upstream.connected() : endpointIds.contains(upstream.id());
    }
}
