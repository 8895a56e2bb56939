package org.llmlb.balancer.routing.control;

import java.util.List;

import org.llmlb.balancer.routing.entity.Upstream;

/** Orders eligible endpoints by preference; the router takes the first with a free slot. */
public interface RoutingPolicy {

    /** @param nowMillis the router's clock, read once per request */
    List<Upstream> rank(List<Upstream> eligible, long nowMillis);
}
