package org.llmlb.balancer.routing.entity;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The entry node a request came through: which endpoints it may reach, in which mode and with
 * which session affinity. {@code endpointIds == null} means the default incoming node (endpoints
 * wired with {@code connected=true}); {@code mode == null} and {@code affinity == null} mean the
 * global ones. {@code key} names the scope in response-cache keys; it is built once with the
 * scope, not per request (affinity changes where an answer comes from, not what it says).
 */
public record Scope(Set<Long> endpointIds, RoutingMode mode, Affinity affinity, String key) {

    public static final Scope DEFAULT = of(null, null);

    public static Scope of(Set<Long> endpointIds, RoutingMode mode) {
        return of(endpointIds, mode, null);
    }

    public static Scope of(Set<Long> endpointIds, RoutingMode mode, Affinity affinity) {
        String ids = endpointIds == null ? "*"
                : endpointIds.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
        return new Scope(endpointIds, mode, affinity, ids + '|' + (mode == null ? "" : mode.name()));
    }

    public boolean reaches(Upstream upstream) {
        return endpointIds == null ? upstream.connected() : endpointIds.contains(upstream.id());
    }
}
