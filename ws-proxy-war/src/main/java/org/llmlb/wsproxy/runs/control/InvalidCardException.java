package org.llmlb.wsproxy.runs.control;

import java.util.List;

import org.llmlb.wire.FieldError;

/** A card that cannot run, with every offending field so a client can fix them all at once. */
public class InvalidCardException extends RuntimeException {

    private final List<FieldError> problems;

    public InvalidCardException(List<FieldError> problems) {
        super("invalid card: " + problems.size() + " problem(s)");
        this.problems = List.copyOf(problems);
    }

    public List<FieldError> problems() {
        return problems;
    }
}
