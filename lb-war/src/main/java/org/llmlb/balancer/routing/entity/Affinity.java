package org.llmlb.balancer.routing.entity;

import java.util.Locale;
import java.util.Optional;

/**
 * What keeps a session on one endpoint: nothing, the request's {@code user} field, a header
 * ({@code LB_AFFINITY_HEADER}, default {@code X-Session-ID}) or the leading part of the prompt
 * (system prompt and earlier turns), so a server that holds a prefix in its KV cache sees it again.
 */
public enum Affinity {
    NONE, USER, HEADER, PREFIX;

    /** What a field that takes an affinity says when it gets something else. */
    public static final String CHOICES = "must be 'none', 'user', 'header' or 'prefix'";

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Affinity> parse(String value) {
        for (Affinity a : values()) {
            if (a.wire().equals(value)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
