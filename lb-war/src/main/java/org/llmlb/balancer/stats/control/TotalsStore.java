package org.llmlb.balancer.stats.control;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.llmlb.balancer.stats.entity.EndpointTotals;

/** Writes the in-memory totals to SQLite and reads them back at start. */
@ApplicationScoped
public class TotalsStore {

    @PersistenceContext
    EntityManager em;

    public List<EndpointTotals> load() {
        return em.createQuery("SELECT t FROM EndpointTotals t", EndpointTotals.class).getResultList();
    }

    @Transactional
    public void save(Map<Long, EndpointTotals> totals) {
        totals.values().forEach(em::merge);
    }

    @Transactional
    public void delete(long endpointId) {
        EndpointTotals t = em.find(EndpointTotals.class, endpointId);
        if (t != null) {
            em.remove(t);
        }
    }
}
