package org.llmlb.balancer.problems.control;

import java.util.List;

import jakarta.json.JsonObject;

import org.llmlb.balancer.problems.entity.FieldError;
import org.llmlb.balancer.problems.entity.Problem;

/** A {@link Problem} in the OpenAI error shape of {@link org.llmlb.wire.ErrorBody}. */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static JsonObject of(Problem problem, String message) {
        return of(problem, message, List.of());
    }

    public static JsonObject of(ProblemException e) {
        return of(e.problem, e.getMessage(), e.details);
    }

    public static JsonObject of(Problem problem, String message, List<FieldError> details) {
        return org.llmlb.wire.ErrorBody.of(problem.type, problem.code, message, null, details.stream()
                .map(d -> new org.llmlb.wire.FieldError(d.field(), d.message())).toList());
    }
}
