package org.llmlb.balancer.incoming.boundary;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.llmlb.balancer.admin.boundary.Fields;
import org.llmlb.balancer.incoming.entity.IncomingBlock;

/** An incoming block's admin JSON fields, for the incoming blocks API and the configuration import. */
public final class BlockFields {

    public static final Set<String> NAMES = Set.of("name", "pool_name", "routing_mode", "affinity", "endpoint_ids", "enabled",
            "pos_x", "pos_y");

    private BlockFields() {
    }

    /** @param wiring takes the endpoint ids as the body lists them: stored ids, or a document's */
    public static Fields read(Fields fields, IncomingBlock target, Consumer<List<Long>> wiring) {
        return fields.text("name", false, v -> target.name = v)
                .text("pool_name", true, v -> target.poolName = v == null || v.isEmpty() ? null : v)
                .text("routing_mode", true, v -> target.routingMode = v)
                .text("affinity", true, v -> target.affinity = v)
                .ids("endpoint_ids", wiring)
                .bool("enabled", v -> target.enabled = v)
                .number("pos_x", v -> target.posX = v)
                .number("pos_y", v -> target.posY = v);
    }
}
