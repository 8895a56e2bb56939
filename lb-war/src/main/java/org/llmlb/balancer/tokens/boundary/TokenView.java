package org.llmlb.balancer.tokens.boundary;

import java.time.Instant;

import org.llmlb.balancer.tokens.control.TokenUsage;
import org.llmlb.balancer.tokens.entity.ClientToken;

/** A client token as the admin API shows it: never the token itself (see {@link CreatedToken}). */
public record TokenView(long id, String name, String tokenPreview, boolean enabled,
                        Long incomingBlockId, String createdAt, String lastUsedAt, long requests,
                        long promptTokens, long completionTokens) {

    static TokenView of(ClientToken t, TokenUsage usage) {
        long lastUsed = usage == null ? 0 : usage.lastUsedMillis();
        return new TokenView(t.id, t.name, t.tokenPreview, t.enabled, t.incomingBlockId,
                t.createdAt == null ? null : t.createdAt.toString(),
                lastUsed == 0 ? null : Instant.ofEpochMilli(lastUsed).toString(),
                usage == null ? t.requests : usage.requests(),
                usage == null ? t.promptTokens : usage.promptTokens(),
                usage == null ? t.completionTokens : usage.completionTokens());
    }
}

