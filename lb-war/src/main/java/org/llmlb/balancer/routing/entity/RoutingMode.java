package org.llmlb.balancer.routing.entity;

import java.util.Locale;
import java.util.Optional;

public enum RoutingMode {
    PERCENTAGE, PRIORITY, LEAST_LOAD;

    /** What a field that takes a mode says when it gets something else. */
    public static final String CHOICES = "must be 'percentage', 'priority' or 'least_load'";

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RoutingMode> parse(String value) {
        for (RoutingMode mode : values()) {
            if (mode.wire().equals(value)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
