package org.llmlb.balancer.tokens.control;

/**
 * Who sent a proxied request: a stored client token (with its usage and bound incoming block),
 * a token from {@code LB_CLIENT_TOKENS}, or anyone while the proxy is open.
 */
public record Caller(Long tokenId, Long incomingBlockId, TokenUsage usage) {

    public static final Caller ANONYMOUS = new Caller(null, null, null);
}
