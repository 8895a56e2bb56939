package org.llmlb.producer.simulator.boundary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.producer.simulator.control.SimulationException;

/** Writes a refusal in the OpenAI error shape {@code {"error":{"message","type","param","code"}}}. */
final class ProblemWriter {

    private static final JsonProvider JSON = JsonProvider.provider();

    private ProblemWriter() {
    }

    static void write(HttpServletResponse response, SimulationException e) throws IOException {
        JsonObjectBuilder error = JSON.createObjectBuilder().add("message", e.getMessage()).add("type", e.problem.type);
        if (e.param == null) {
            error.addNull("param");
        } else {
            error.add("param", e.param);
        }
        byte[] body = JSON.createObjectBuilder().add("error", error.add("code", e.problem.code))
                .build().toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(e.problem.status);
        if (e.retryAfterSeconds > 0) {
            response.setHeader("Retry-After", Integer.toString(e.retryAfterSeconds));
        }
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
