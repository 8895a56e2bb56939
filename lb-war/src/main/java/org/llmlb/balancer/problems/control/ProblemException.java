package org.llmlb.balancer.problems.control;

import java.util.List;

import org.llmlb.balancer.problems.entity.FieldError;
import org.llmlb.balancer.problems.entity.Problem;

/** A failure the client is told about; the message is written for the client. */
public class ProblemException extends RuntimeException {

    public final Problem problem;
    public final List<FieldError> details;
    /** Seconds for a {@code Retry-After} header, or 0. */
    public final long retryAfterSeconds;

    public ProblemException(Problem problem, String message) {
        this(problem, message, List.of(), 0);
    }

    public ProblemException(Problem problem, String message, List<FieldError> details, long retryAfterSeconds) {
        super(message, null, false, false);
        this.problem = problem;
        this.details = List.copyOf(details);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ProblemException validation(List<FieldError> details) {
        return new ProblemException(Problem.VALIDATION_ERROR, "Request validation failed", details, 0);
    }
}
