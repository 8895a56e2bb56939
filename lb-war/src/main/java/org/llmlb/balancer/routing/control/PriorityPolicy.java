package org.llmlb.balancer.routing.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.llmlb.balancer.routing.entity.Upstream;

/** Primary plus overflow: lowest {@code priority_order} first; the next one takes what the first cannot. */
public final class PriorityPolicy implements RoutingPolicy {

    private static final Comparator<Upstream> ORDER =
            Comparator.comparingInt(Upstream::priorityOrder).thenComparingLong(Upstream::id);

    @Override
    public List<Upstream> rank(List<Upstream> eligible, long nowMillis) {
        List<Upstream> ranked = new ArrayList<>(eligible);
        ranked.sort(ORDER);
        return ranked;
    }
}
