package org.llmlb.balancer.incoming.control;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.llmlb.balancer.incoming.entity.IncomingBlock;
import org.llmlb.balancer.incoming.entity.IncomingBlocksChanged;
import org.llmlb.balancer.routing.entity.Affinity;
import org.llmlb.balancer.routing.entity.RoutingMode;
import org.llmlb.balancer.routing.entity.Scope;

/**
 * Which entry node a request goes through: the block whose pool name is in the path, else the
 * block the client token is bound to, else the default incoming node.
 */
@ApplicationScoped
public class IncomingBlocks {

    @Inject
    IncomingStore store;

    @Inject
    Event<IncomingBlocksChanged> changed;

    private volatile Map<String, Scope> byPool = Map.of();
    private volatile Map<Long, Scope> byId = Map.of();

    /** At start-up: the stored blocks, without announcing a change. */
    public void load() {
        replace(store.all());
    }

    /** After a change is stored: the table from SQLite, then {@link IncomingBlocksChanged}. */
    public void reload(Set<Long> removedIds) {
        replace(store.all());
        changed.fire(new IncomingBlocksChanged(removedIds));
    }

    public void replace(List<IncomingBlock> blocks) {
        Map<String, Scope> pools = new HashMap<>();
        Map<Long, Scope> ids = new HashMap<>();
        for (IncomingBlock b : blocks) {
            if (!b.enabled) {
                continue;
            }
            Scope scope = Scope.of(Set.copyOf(b.endpointIdList()),
                    b.routingMode == null ? null : RoutingMode.parse(b.routingMode).orElse(null),
                    b.affinity == null ? null : Affinity.parse(b.affinity).orElse(null));
            ids.put(b.id, scope);
            if (b.poolName != null) {
                pools.put(b.poolName, scope);
            }
        }
        byPool = Map.copyOf(pools);
        byId = Map.copyOf(ids);
    }

    /** @param boundBlockId the incoming block the caller's client token is bound to, or null */
    public Scope resolve(String pool, Long boundBlockId) {
        if (pool != null) {
            Scope claimed = byPool.get(pool);
            if (claimed != null) {
                return claimed;
            }
        }
        if (boundBlockId != null) {
            Scope bound = byId.get(boundBlockId);
            if (bound != null) {
                return bound;
            }
        }
        return Scope.DEFAULT;
    }
}
