package org.llmlb.balancer.tokens.control;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.llmlb.balancer.tokens.entity.ClientToken;

/** Client tokens in SQLite; the proxy reads the in-memory {@link ClientTokens}. */
@ApplicationScoped
public class TokenStore {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    public List<ClientToken> all() {
        return em.createNamedQuery(ClientToken.ALL, ClientToken.class).getResultList();
    }

    public Optional<ClientToken> find(long id) {
        return Optional.ofNullable(em.find(ClientToken.class, id));
    }

    @Transactional
    public ClientToken create(ClientToken token) {
        token.createdAt = clock.instant();
        em.persist(token);
        em.flush();
        return token;
    }

    @Transactional
    public ClientToken update(ClientToken token) {
        return em.merge(token);
    }

    @Transactional
    public boolean delete(long id) {
        ClientToken token = em.find(ClientToken.class, id);
        if (token == null) {
            return false;
        }
        em.remove(token);
        return true;
    }

    /** Unbinds tokens from a block that is going away. */
    @Transactional
    public void unbind(long incomingBlockId) {
        em.createQuery("UPDATE ClientToken t SET t.incomingBlockId = NULL WHERE t.incomingBlockId = :id")
                .setParameter("id", incomingBlockId).executeUpdate();
    }

    @Transactional
    public void saveUsage(Map<Long, TokenUsage> usage) {
        usage.forEach((id, u) -> {
            ClientToken token = em.find(ClientToken.class, id);
            if (token != null) {
                token.requests = u.requests();
                token.promptTokens = u.promptTokens();
                token.completionTokens = u.completionTokens();
                token.lastUsedAt = u.lastUsedMillis() == 0 ? null : Instant.ofEpochMilli(u.lastUsedMillis());
            }
        });
    }
}
