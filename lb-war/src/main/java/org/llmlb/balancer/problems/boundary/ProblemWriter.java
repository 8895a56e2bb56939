package org.llmlb.balancer.problems.boundary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.balancer.problems.control.ErrorBody;
import org.llmlb.balancer.problems.control.ProblemException;

/** Writes an OpenAI-shaped error from servlet code (the proxy and filters). */
public final class ProblemWriter {

    private ProblemWriter() {
    }

    public static void write(HttpServletResponse response, ProblemException problem) throws IOException {
        byte[] json = ErrorBody.of(problem).toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(problem.problem.status);
        if (problem.retryAfterSeconds > 0) {
            response.setHeader("Retry-After", Long.toString(problem.retryAfterSeconds));
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }
}
