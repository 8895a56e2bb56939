package org.llmlb.wsproxy.workload.control;

import java.util.List;

/** An upload that is not a usable JSONL file, with the lines that are wrong (line 0: the file as a whole). */
public class InvalidDatasetException extends RuntimeException {

    public record Problem(int line, String message) {
    }

    private final List<Problem> problems;

    public InvalidDatasetException(List<Problem> problems) {
        super("invalid dataset: " + problems.size() + " problem(s)");
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
