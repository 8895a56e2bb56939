package org.llmlb.balancer.tokens.control;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bearer tokens accepted by the proxy. Only their SHA-256 digests are kept, and lookup is by
 * digest, so comparing does not depend on how much of a guess matches. No tokens = open proxy.
 */
@ApplicationScoped
public class ClientTokens {

    @Inject
    @ConfigProperty(name = "lb.client.tokens")
    Optional<String> configured;

    private Set<String> digests;

    @PostConstruct
    void init() {
        digests = Arrays.stream(configured.orElse("").split(","))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .map(Secrets::sha256)
                .collect(Collectors.toUnmodifiableSet());
    }

    public boolean open() {
        return digests.isEmpty();
    }

    /** @param authorization the {@code Authorization} header as sent */
    public boolean accepts(String authorization) {
        if (open()) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return digests.contains(Secrets.sha256(authorization.substring(7).trim()));
    }
}
