package org.llmlb.producer.simulator.control;

import org.llmlb.producer.simulator.entity.Problem;

/** A request the simulator refuses; the message is written for the client and safe to show. */
public class SimulationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public final transient Problem problem;

    public SimulationException(Problem problem, String message) {
        super(message, null, false, false);
        this.problem = problem;
    }
}
