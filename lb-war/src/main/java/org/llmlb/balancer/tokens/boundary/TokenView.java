package org.llmlb.balancer.tokens.boundary;

import java.time.Instant;

import org.llmlb.balancer.tokens.control.TokenUsage;
import org.llmlb.balancer.tokens.entity.ClientToken;

/** A client token as the admin API shows it: never the token itself (see {@link CreatedToken}). */
public record TokenView(long id, String name, String tokenPreview, boolean enabled,
                        Long incomingBlockId, String createdAt, String lastUsedAt, long requests,
                        long promptTokens, long completionTokens) {

    static TokenView of(ClientToken t, TokenUsage usage) {
        // the stored totals (every replica's) and what this one counted since its last flush
        long[] unsaved = usage == null ? new long[3] : usage.unsaved();
        long lastUsed = Math.max(usage == null ? 0 : usage.lastUsedMillis(),
                t.lastUsedAt == null ? 0 : t.lastUsedAt.toEpochMilli());
        return new TokenView(t.id, t.name, t.tokenPreview, t.enabled, t.incomingBlockId,
                t.createdAt == null ? null : t.createdAt.toString(),
                lastUsed == 0 ? null : Instant.ofEpochMilli(lastUsed).toString(),
                t.requests + unsaved[0], t.promptTokens + unsaved[1], t.completionTokens + unsaved[2]);
    }
}

