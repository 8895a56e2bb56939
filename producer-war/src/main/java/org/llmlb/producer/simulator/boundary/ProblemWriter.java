package org.llmlb.producer.simulator.boundary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.producer.simulator.control.SimulationException;

/** Writes a refusal in the OpenAI error shape {@code {"error":{"message","type","param","code"}}}. */
final class ProblemWriter {

    private static final JsonProvider JSON = JsonProvider.provider();

    private ProblemWriter() {
    }

    static void write(HttpServletResponse response, SimulationException e) throws IOException {
        byte[] body = JSON.createObjectBuilder().add("error", JSON.createObjectBuilder()
                        .add("message", e.getMessage())
                        .add("type", e.problem.type)
                        .addNull("param")
                        .add("code", e.problem.code))
                .build().toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(e.problem.status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
