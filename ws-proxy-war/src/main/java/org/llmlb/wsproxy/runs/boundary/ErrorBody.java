package org.llmlb.wsproxy.runs.boundary;

import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.llmlb.wsproxy.runs.control.InvalidCardException.Problem;

/** The OpenAI error shape, so clients of the balancer read the producer's errors the same way. */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static Response of(int status, String message, String type, String code, List<Problem> details) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        details.forEach(p -> list.add(Json.createObjectBuilder().add("field", p.field()).add("message", p.message())));
        var error = Json.createObjectBuilder().add("message", message).add("type", type).add("code", code)
                .add("details", list);
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Json.createObjectBuilder().add("error", error).build()).build();
    }
}
