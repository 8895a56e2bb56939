package org.llmlb.balancer.incoming.control;

import jakarta.enterprise.context.ApplicationScoped;

import org.llmlb.balancer.incoming.entity.IncomingBlock;
import org.llmlb.balancer.persistence.control.EntityStore;

@ApplicationScoped
public class IncomingStore extends EntityStore<IncomingBlock> {

    public IncomingStore() {
        super(IncomingBlock.class, IncomingBlock.ALL);
    }

    public boolean poolTaken(String pool, Long exceptId) {
        return all().stream().anyMatch(b -> pool.equals(b.poolName) && !b.id.equals(exceptId));
    }
}
