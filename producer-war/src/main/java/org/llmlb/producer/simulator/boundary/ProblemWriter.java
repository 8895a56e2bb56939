package org.llmlb.producer.simulator.boundary;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.producer.simulator.control.SimulationException;
import org.llmlb.wire.ErrorBody;

/** Writes a refusal in the OpenAI error shape, naming the request field at fault in {@code param}. */
final class ProblemWriter {

    private ProblemWriter() {
    }

    static void write(HttpServletResponse response, SimulationException e) throws IOException {
        byte[] body = ErrorBody.bytes(ErrorBody.of(e.problem.type(), e.problem.code(), e.getMessage(), e.param, List.of()));
        response.setStatus(e.problem.status());
        if (e.retryAfterSeconds > 0) {
            response.setHeader("Retry-After", Integer.toString(e.retryAfterSeconds));
        }
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
