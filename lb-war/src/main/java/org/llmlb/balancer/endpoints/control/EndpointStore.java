package org.llmlb.balancer.endpoints.control;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.llmlb.balancer.endpoints.entity.Endpoint;

/** Endpoints in SQLite. Admin traffic only: the proxy reads the in-memory routing table. */
@ApplicationScoped
public class EndpointStore {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    public List<Endpoint> all() {
        return em.createNamedQuery(Endpoint.ALL, Endpoint.class).getResultList();
    }

    public Optional<Endpoint> find(long id) {
        return Optional.ofNullable(em.find(Endpoint.class, id));
    }

    public boolean nameTaken(String name, Long exceptId) {
        return em.createNamedQuery(Endpoint.BY_NAME, Endpoint.class).setParameter("name", name)
                .getResultStream().anyMatch(e -> !e.id.equals(exceptId));
    }

    @Transactional
    public Endpoint create(Endpoint endpoint) {
        endpoint.createdAt = clock.instant();
        em.persist(endpoint);
        em.flush();
        return endpoint;
    }

    @Transactional
    public Endpoint update(Endpoint endpoint) {
        return em.merge(endpoint);
    }

    @Transactional
    public boolean delete(long id) {
        Endpoint endpoint = em.find(Endpoint.class, id);
        if (endpoint == null) {
            return false;
        }
        em.remove(endpoint);
        return true;
    }
}
