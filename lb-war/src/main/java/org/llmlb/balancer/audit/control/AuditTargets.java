package org.llmlb.balancer.audit.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.llmlb.balancer.endpoints.entity.Endpoint;
import org.llmlb.balancer.incoming.entity.IncomingBlock;
import org.llmlb.balancer.tokens.entity.ClientToken;

/** The name of an audit target by the first segment of its admin path and its id, while it still exists. */
@ApplicationScoped
public class AuditTargets {

    @PersistenceContext
    EntityManager em;

    public String name(String targetType, long id) {
        return switch (targetType) {
            case "endpoints" -> {
                Endpoint e = em.find(Endpoint.class, id);
                yield e == null ? null : e.name;
            }
            case "tokens" -> {
                ClientToken t = em.find(ClientToken.class, id);
                yield t == null ? null : t.name;
            }
            case "incoming-blocks" -> {
                IncomingBlock b = em.find(IncomingBlock.class, id);
                yield b == null ? null : b.name;
            }
            default -> null;
        };
    }
}
