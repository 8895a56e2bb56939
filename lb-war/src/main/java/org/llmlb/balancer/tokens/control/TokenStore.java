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

    /**
     * Adds each token's {@code deltas} (requests, prompt and completion tokens) to its stored
     * totals — added, not written over, so replicas on one database sum up — and keeps the latest
     * last use.
     */
    @Transactional
    public void saveUsage(Map<Long, long[]> deltas, Map<Long, Long> lastUsedMillis) {
        lastUsedMillis.forEach((id, millis) -> {
            ClientToken token = em.find(ClientToken.class, id);
            if (token != null && millis != 0 && (token.lastUsedAt == null || token.lastUsedAt.toEpochMilli() < millis)) {
                token.lastUsedAt = Instant.ofEpochMilli(millis);
            }
        });
        em.flush();
        deltas.forEach((id, delta) -> em.createQuery("UPDATE ClientToken t SET t.requests = t.requests + :r,"
                        + " t.promptTokens = t.promptTokens + :p, t.completionTokens = t.completionTokens + :c"
                        + " WHERE t.id = :id")
                .setParameter("r", delta[0]).setParameter("p", delta[1]).setParameter("c", delta[2])
                .setParameter("id", id).executeUpdate());
    }
}
