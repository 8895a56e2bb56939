package org.llmlb.balancer.problems.control;

import java.util.List;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

import org.llmlb.balancer.problems.entity.FieldError;
import org.llmlb.balancer.problems.entity.Problem;

/** The OpenAI error shape: {@code {"error":{"message","type","param","code"}}}. */
public final class ErrorBody {

    /** Looked up once: {@code Json.create…} searches for the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private ErrorBody() {
    }

    public static JsonObject of(Problem problem, String message) {
        return of(problem, message, List.of());
    }

    public static JsonObject of(ProblemException e) {
        return of(e.problem, e.getMessage(), e.details);
    }

    public static JsonObject of(Problem problem, String message, List<FieldError> details) {
        JsonObjectBuilder error = JSON.createObjectBuilder()
                .add("message", message)
                .add("type", problem.type)
                .addNull("param")
                .add("code", problem.code);
        if (!details.isEmpty()) {
            JsonArrayBuilder list = JSON.createArrayBuilder();
            details.forEach(d -> list.add(JSON.createObjectBuilder().add("field", d.field()).add("message", d.message())));
            error.add("details", list);
        }
        return JSON.createObjectBuilder().add("error", error).build();
    }
}
