package org.llmlb.balancer.tokens.control;

import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.admin.control.Secrets;
import org.llmlb.balancer.incoming.entity.IncomingBlocksChanged;
import org.llmlb.balancer.stats.entity.TotalsFlushed;
import org.llmlb.balancer.tokens.entity.ClientToken;

/**
 * Bearer tokens accepted by the proxy: those of {@code LB_CLIENT_TOKENS} and those created
 * through the admin API. Only SHA-256 digests are kept and lookup is by digest, so the time a
 * check takes does not depend on how much of a guess matches. No tokens at all = open proxy.
 */
@ApplicationScoped
public class ClientTokens {

    @Inject
    @ConfigProperty(name = "lb.client.tokens")
    Optional<String> configured;

    @Inject
    Clock clock;

    @Inject
    TokenStore store;

    private Set<String> configuredDigests;
    private volatile Map<String, Caller> stored = Map.of();
    private volatile int storedCount;
    private final Map<Long, TokenUsage> usage = new ConcurrentHashMap<>();

    @PostConstruct
    void init() {
        configuredDigests = Arrays.stream(configured.orElse("").split(","))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .map(Secrets::sha256)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The stored tokens from SQLite: at start-up and after every change to them. */
    public void reload() {
        replace(store.all());
    }

    /** A token bound to a deleted incoming block falls back to the default entry. */
    void blocksChanged(@Observes IncomingBlocksChanged event) {
        event.removedIds().forEach(store::unbind);
        reload();
    }

    void totalsFlushed(@Observes TotalsFlushed event) {
        Map<Long, long[]> deltas = new HashMap<>();
        Map<Long, Long> lastUsed = new HashMap<>();
        usage.forEach((id, u) -> {
            long[] delta = u.unsaved();
            if (delta[0] != 0 || delta[1] != 0 || delta[2] != 0) {
                deltas.put(id, delta);
                lastUsed.put(id, u.lastUsedMillis());
            }
        });
        if (deltas.isEmpty()) {
            return;
        }
        store.saveUsage(deltas, lastUsed);
        deltas.forEach((id, delta) -> usage.get(id).saved(delta));
    }

    /** Replaces the stored tokens after a change; usage counters of kept tokens carry on. */
    public void replace(List<ClientToken> tokens) {
        Map<String, Caller> next = new HashMap<>();
        for (ClientToken t : tokens) {
            TokenUsage u = usage.computeIfAbsent(t.id, id -> new TokenUsage(t.requests, t.promptTokens,
                    t.completionTokens, t.lastUsedAt == null ? 0 : t.lastUsedAt.toEpochMilli()));
            if (t.enabled) {
                next.put(t.tokenHash, new Caller(t.id, t.incomingBlockId, u));
            }
        }
        usage.keySet().retainAll(tokens.stream().map(t -> t.id).toList());
        storedCount = tokens.size();
        stored = Map.copyOf(next);
    }

    public boolean open() {
        return configuredDigests.isEmpty() && storedCount == 0;
    }

    /** @param authorization the {@code Authorization} header as sent; empty when refused */
    public Optional<Caller> authenticate(String authorization) {
        if (open()) {
            return Optional.of(Caller.ANONYMOUS);
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String digest = Secrets.sha256(authorization.substring(7).trim());
        Caller caller = stored.get(digest);
        if (caller != null) {
            caller.usage().request(clock.millis());
            return Optional.of(caller);
        }
        return configuredDigests.contains(digest) ? Optional.of(Caller.ANONYMOUS) : Optional.empty();
    }

    public Optional<TokenUsage> usage(long tokenId) {
        return Optional.ofNullable(usage.get(tokenId));
    }

    public Map<Long, TokenUsage> allUsage() {
        return Map.copyOf(usage);
    }

    public void resetUsage() {
        usage.values().forEach(TokenUsage::reset);
    }
}
