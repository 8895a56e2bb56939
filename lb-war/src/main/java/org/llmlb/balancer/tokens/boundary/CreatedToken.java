package org.llmlb.balancer.tokens.boundary;

/** The create response: the only time the full token is shown. */
public record CreatedToken(long id, String name, String token, String tokenPreview, boolean enabled,
                           Long incomingBlockId, String createdAt) {
}
