package org.llmlb.balancer.incoming.entity;

import java.util.Set;

/**
 * The incoming blocks were created, changed or deleted (CDI event, after the change is stored and
 * the entry table rebuilt): the response cache empties (an answer may now come from elsewhere),
 * client tokens bound to a deleted block lose the binding.
 *
 * @param removedIds blocks deleted by this change
 */
public record IncomingBlocksChanged(Set<Long> removedIds) {

    public IncomingBlocksChanged {
        removedIds = Set.copyOf(removedIds);
    }
}
