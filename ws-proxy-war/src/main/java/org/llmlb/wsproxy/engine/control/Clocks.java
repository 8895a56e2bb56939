package org.llmlb.wsproxy.engine.control;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The clock runs are timed with; tests construct control classes with their own. */
@ApplicationScoped
public class Clocks {

    @Produces
    @ApplicationScoped
    Clock system() {
        return Clock.systemUTC();
    }
}
