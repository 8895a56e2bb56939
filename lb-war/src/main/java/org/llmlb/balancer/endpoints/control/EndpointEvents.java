package org.llmlb.balancer.endpoints.control;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.llmlb.balancer.endpoints.entity.Endpoint;
import org.llmlb.balancer.routing.control.Upstreams;
import org.llmlb.balancer.routing.entity.EndpointChanged;
import org.llmlb.balancer.routing.entity.EndpointRemoved;
import org.llmlb.balancer.routing.entity.EndpointSettings;
import org.llmlb.balancer.routing.entity.EndpointsReplaced;
import org.llmlb.balancer.routing.entity.Upstream;

/**
 * Tells the rest of the balancer about stored endpoint changes, as CDI events whose types routing
 * defines: routing, the model catalogue, endpoint health, statistics and the response cache
 * observe what concerns them. Fired after the change is stored.
 */
@ApplicationScoped
public class EndpointEvents {

    @Inject
    EndpointStore store;

    @Inject
    Upstreams upstreams;

    @Inject
    Event<EndpointChanged> changed;

    @Inject
    Event<EndpointRemoved> removed;

    @Inject
    Event<EndpointsReplaced> replaced;

    public void changed(Endpoint endpoint) {
        changed.fire(new EndpointChanged(settings(endpoint)));
    }

    public void removed(long endpointId) {
        removed.fire(new EndpointRemoved(endpointId));
    }

    /**
     * Every stored endpoint, as the store has them now; one that routing still knows but the store
     * no longer has (deleted through another replica) is announced as removed first.
     */
    public void replacedAll() {
        List<EndpointSettings> all = store.all().stream().map(EndpointEvents::settings).toList();
        Set<Long> stored = all.stream().map(EndpointSettings::id).collect(Collectors.toSet());
        upstreams.all().stream().map(Upstream::id).filter(id -> !stored.contains(id)).toList().forEach(this::removed);
        replaced.fire(new EndpointsReplaced(all));
    }

    static EndpointSettings settings(Endpoint e) {
        return new EndpointSettings(e.id, e.name, e.baseUrl, e.apiKey, e.enabled, e.connected, e.tokenQuotaPercent,
                e.priorityOrder, e.maxConcurrent, e.timeout, e.verifyTls);
    }
}
