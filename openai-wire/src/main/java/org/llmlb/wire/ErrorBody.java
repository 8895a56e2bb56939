package org.llmlb.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * The OpenAI error shape every WAR answers with:
 * {@code {"error":{"message","type","param","code"}}}, {@code param} null unless one request
 * field is at fault, and {@code details} (one entry per rejected field) only when there are any.
 */
public final class ErrorBody {

    private static final jakarta.json.spi.JsonProvider JSON = Json.PROVIDER;

    private ErrorBody() {
    }

    public static JsonObject of(ErrorType type, String code, String message) {
        return of(type, code, message, null, List.of());
    }

    public static JsonObject of(ErrorType type, String code, String message, List<FieldError> details) {
        return of(type, code, message, null, details);
    }

    public static JsonObject of(ErrorType type, String code, String message, String param, List<FieldError> details) {
        JsonObjectBuilder error = JSON.createObjectBuilder().add("message", message).add("type", type.wire);
        if (param == null) {
            error.addNull("param");
        } else {
            error.add("param", param);
        }
        error.add("code", code);
        if (!details.isEmpty()) {
            JsonArrayBuilder list = JSON.createArrayBuilder();
            details.forEach(d -> list.add(JSON.createObjectBuilder().add("field", d.field()).add("message", d.message())));
            error.add("details", list);
        }
        return JSON.createObjectBuilder().add("error", error).build();
    }

    /** The body as UTF-8 bytes, for a servlet that writes it itself. */
    public static byte[] bytes(JsonObject body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
