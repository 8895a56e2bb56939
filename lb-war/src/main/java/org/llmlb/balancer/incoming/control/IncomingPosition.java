package org.llmlb.balancer.incoming.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.llmlb.balancer.persistence.control.Settings;

/** Where the default Incoming node sits on the flow editor's canvas (two settings). */
@ApplicationScoped
public class IncomingPosition {

    public static final String X = "incoming_pos_x";
    public static final String Y = "incoming_pos_y";

    public record Position(double posX, double posY) {
    }

    @Inject
    Settings settings;

    public Position get() {
        return new Position(setting(X, 40), setting(Y, 200));
    }

    public Position put(double x, double y) {
        settings.put(X, Double.toString(x));
        settings.put(Y, Double.toString(y));
        return new Position(x, y);
    }

    private double setting(String name, double fallback) {
        return settings.get(name).map(Double::parseDouble).orElse(fallback);
    }
}
