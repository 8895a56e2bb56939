package org.llmlb.balancer.problems.control;

import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.llmlb.balancer.problems.entity.FieldError;
import org.llmlb.balancer.problems.entity.Problem;

/** The OpenAI error shape: {@code {"error":{"message","type","param","code"}}}. */
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
        JsonObjectBuilder error = Json.createObjectBuilder()
                .add("message", message)
                .add("type", problem.type)
                .addNull("param")
                .add("code", problem.code);
        if (!details.isEmpty()) {
            JsonArrayBuilder list = Json.createArrayBuilder();
            details.forEach(d -> list.add(Json.createObjectBuilder().add("field", d.field()).add("message", d.message())));
            error.add("details", list);
        }
        return Json.createObjectBuilder().add("error", error).build();
    }
}
