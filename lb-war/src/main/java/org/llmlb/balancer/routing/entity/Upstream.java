package org.llmlb.balancer.routing.entity;

import java.net.URI;
import java.time.Duration;

import org.llmlb.balancer.routing.control.UpstreamState;

/** Immutable routing view of one configured endpoint plus its live state. */
public record Upstream(long id, String name, URI baseUri, String apiKey, boolean enabled, boolean connected,
                       double quotaPercent, int priorityOrder, int maxConcurrent, Duration timeout,
                       boolean verifyTls, UpstreamState state) {

    public boolean serves(String model) {
        var models = state.models();
        return model == null || models == null || models.contains(model);
    }

    @Override
    public String toString() {
        return "Upstream[" + id + " " + name + "]";
    }
}
