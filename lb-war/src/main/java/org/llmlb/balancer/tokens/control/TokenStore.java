package org.llmlb.balancer.tokens.control;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.llmlb.balancer.persistence.control.EntityStore;
import org.llmlb.balancer.tokens.entity.ClientToken;

/** Client tokens in SQLite; the proxy reads the in-memory {@link ClientTokens}. */
@ApplicationScoped
public class TokenStore extends EntityStore<ClientToken> {

    @Inject
    Clock clock;

    public TokenStore() {
        super(ClientToken.class, ClientToken.ALL);
    }

    @Override
    @Transactional
    public ClientToken create(ClientToken token) {
        token.createdAt = clock.instant();
        return super.create(token);
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
