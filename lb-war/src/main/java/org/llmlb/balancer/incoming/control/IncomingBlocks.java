package org.llmlb.balancer.incoming.control;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.llmlb.balancer.incoming.entity.IncomingBlock;
import org.llmlb.balancer.routing.entity.RoutingMode;
import org.llmlb.balancer.routing.entity.Scope;
import org.llmlb.balancer.tokens.control.Caller;

/**
 * Which entry node a request goes through: the block whose pool name is in the path, else the
 * block the client token is bound to, else the default incoming node.
 */
@ApplicationScoped
public class IncomingBlocks {

    private volatile Map<String, Scope> byPool = Map.of();
    private volatile Map<Long, Scope> byId = Map.of();

    public void replace(List<IncomingBlock> blocks) {
        Map<String, Scope> pools = new HashMap<>();
        Map<Long, Scope> ids = new HashMap<>();
        for (IncomingBlock b : blocks) {
            if (!b.enabled) {
                continue;
            }
            Scope scope = Scope.of(Set.copyOf(b.endpointIdList()),
                    b.routingMode == null ? null : RoutingMode.parse(b.routingMode).orElse(null));
            ids.put(b.id, scope);
            if (b.poolName != null) {
                pools.put(b.poolName, scope);
            }
        }
        byPool = Map.copyOf(pools);
        byId = Map.copyOf(ids);
    }

    public Scope resolve(String pool, Caller caller) {
        if (pool != null) {
            Scope claimed = byPool.get(pool);
            if (claimed != null) {
                return claimed;
            }
        }
        if (caller.incomingBlockId() != null) {
            Scope bound = byId.get(caller.incomingBlockId());
            if (bound != null) {
                return bound;
            }
        }
        return Scope.DEFAULT;
    }
}
