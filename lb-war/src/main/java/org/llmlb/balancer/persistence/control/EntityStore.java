package org.llmlb.balancer.persistence.control;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * What the stores of admin-managed tables share: list, find, create, update and delete by id, each
 * write in a transaction of its own. Subclasses add their queries and what their entity needs.
 */
public abstract class EntityStore<T> {

    @PersistenceContext
    protected EntityManager em;

    private final Class<T> type;
    private final String allQuery;

    /** @param allQuery the named query that lists every row, in id order */
    protected EntityStore(Class<T> type, String allQuery) {
        this.type = type;
        this.allQuery = allQuery;
    }

    public List<T> all() {
        return em.createNamedQuery(allQuery, type).getResultList();
    }

    public Optional<T> find(long id) {
        return Optional.ofNullable(em.find(type, id));
    }

    /** Flushes, so the caller sees the id SQLite assigned. */
    @Transactional
    public T create(T entity) {
        em.persist(entity);
        em.flush();
        return entity;
    }

    @Transactional
    public T update(T entity) {
        return em.merge(entity);
    }

    @Transactional
    public boolean delete(long id) {
        T entity = em.find(type, id);
        if (entity == null) {
            return false;
        }
        em.remove(entity);
        return true;
    }
}
