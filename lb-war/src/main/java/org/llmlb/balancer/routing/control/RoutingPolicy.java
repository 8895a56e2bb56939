package org.llmlb.balancer.routing.control;

import java.util.List;

import org.llmlb.balancer.routing.entity.Upstream;

/** Orders eligible endpoints by preference; the router takes the first with a free slot. */
public interface RoutingPolicy {

    List<Upstream> rank(List<Upstream> eligible);
}
