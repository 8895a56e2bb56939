package org.llmlb.balancer.incoming.control;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.llmlb.balancer.incoming.entity.IncomingBlock;

@ApplicationScoped
public class IncomingStore {

    @PersistenceContext
    EntityManager em;

    public List<IncomingBlock> all() {
        return em.createNamedQuery(IncomingBlock.ALL, IncomingBlock.class).getResultList();
    }

    public Optional<IncomingBlock> find(long id) {
        return Optional.ofNullable(em.find(IncomingBlock.class, id));
    }

    public boolean poolTaken(String pool, Long exceptId) {
        return all().stream().anyMatch(b -> pool.equals(b.poolName) && !b.id.equals(exceptId));
    }

    @Transactional
    public IncomingBlock create(IncomingBlock block) {
        em.persist(block);
        em.flush();
        return block;
    }

    @Transactional
    public IncomingBlock update(IncomingBlock block) {
        return em.merge(block);
    }

    @Transactional
    public boolean delete(long id) {
        IncomingBlock block = em.find(IncomingBlock.class, id);
        if (block == null) {
            return false;
        }
        em.remove(block);
        return true;
    }
}
