package org.llmlb.producer.simulator.entity;

/** What the simulator does wrong to one request, on purpose; {@link #label} names it in metrics. */
public enum Fault {

    NONE("none"),
    THROTTLE("rate_limit"),
    CONTEXT_LENGTH("context_length"),
    SERVER_ERROR("server_error"),
    HANG("hang"),
    DROP("drop");

    public final String label;

    Fault(String label) {
        this.label = label;
    }
}
