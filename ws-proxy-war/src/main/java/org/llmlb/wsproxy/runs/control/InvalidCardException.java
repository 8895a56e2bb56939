package org.llmlb.wsproxy.runs.control;

import java.util.List;

/** A card that cannot run, with every offending field so a client can fix them all at once. */
public class InvalidCardException extends RuntimeException {

    public record Problem(String field, String message) {
    }

    private final List<Problem> problems;

    public InvalidCardException(List<Problem> problems) {
        super("invalid card: " + problems.size() + " problem(s)");
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
