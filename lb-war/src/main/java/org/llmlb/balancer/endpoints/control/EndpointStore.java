package org.llmlb.balancer.endpoints.control;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.llmlb.balancer.endpoints.entity.Endpoint;
import org.llmlb.balancer.persistence.control.EntityStore;

/** Endpoints in SQLite. Admin traffic only: the proxy reads the in-memory routing table. */
@ApplicationScoped
public class EndpointStore extends EntityStore<Endpoint> {

    @Inject
    Clock clock;

    public EndpointStore() {
        super(Endpoint.class, Endpoint.ALL);
    }

    public boolean nameTaken(String name, Long exceptId) {
        return em.createNamedQuery(Endpoint.BY_NAME, Endpoint.class).setParameter("name", name)
                .getResultStream().anyMatch(e -> !e.id.equals(exceptId));
    }

    @Override
    @Transactional
    public Endpoint create(Endpoint endpoint) {
        endpoint.createdAt = clock.instant();
        return super.create(endpoint);
    }
}
