package org.llmlb.balancer.routing.control;

import java.util.List;

import org.llmlb.balancer.routing.entity.Upstream;

/** Orders eligible endpoints by preference; the router takes the first with a free slot. */
public interface RoutingPolicy {

    /**
     * @param eligible  the router's own list for this request: a policy may reorder it in place and return it
     * @param nowMillis the router's clock, read once per request
     */
    List<Upstream> rank(List<Upstream> eligible, long nowMillis);
}
