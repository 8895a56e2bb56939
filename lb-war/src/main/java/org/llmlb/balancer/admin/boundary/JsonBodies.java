package org.llmlb.balancer.admin.boundary;

import java.io.StringReader;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;

/** Admin bodies are read as text and parsed here, so malformed JSON gets a clear 400. */
public final class JsonBodies {

    private JsonBodies() {
    }

    public static JsonObject object(String body) {
        if (body == null || body.isBlank()) {
            throw new ProblemException(Problem.INVALID_REQUEST, "A JSON object body is required");
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new ProblemException(Problem.INVALID_REQUEST, "The body must be a JSON object");
            }
            return value.asJsonObject();
        } catch (JsonException | IllegalStateException malformed) {
            throw new ProblemException(Problem.INVALID_REQUEST, "The request body is not valid JSON");
        }
    }
}
