package org.llmlb.producer.simulator.boundary;

import jakarta.servlet.http.HttpServletRequest;

import org.llmlb.producer.simulator.control.SimulationException;
import org.llmlb.producer.simulator.entity.Operation;
import org.llmlb.producer.simulator.entity.Problem;

/**
 * {@code /sim/{profile}/v1/{operation}} (and {@code /sim/{profile}/metrics} and {@code
 * /sim/{profile}/load}, where vLLM has them beside {@code /v1}) split apart. Read from the raw request URI because
 * the servlet container strips matrix parameters from the decoded path info.
 */
record SimPath(String profile, Operation operation) {

    private static final String PREFIX = "/sim/";

    static SimPath parse(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String path = uri.substring(Math.min(uri.length(), request.getContextPath().length()));
        if (path.startsWith(PREFIX)) {
            String rest = path.substring(PREFIX.length());
            int slash = rest.indexOf('/');
            // beside /v1, where vLLM serves them
            for (Operation beside : new Operation[]{Operation.METRICS, Operation.LOAD}) {
                String tail = "/" + beside.path;
                if (slash > 0 && rest.length() == slash + tail.length() && rest.startsWith(tail, slash)) {
                    return new SimPath(rest.substring(0, slash), beside);
                }
            }
            if (slash > 0 && rest.startsWith("/v1/", slash)) {
                Operation operation = Operation.of(rest.substring(slash + "/v1/".length()));
                if (operation != null) {
                    return new SimPath(rest.substring(0, slash), operation);
                }
            }
        }
        String shown = path.length() > 200 ? path.substring(0, 200) : path;
        throw new SimulationException(Problem.NOT_FOUND, "Unknown path " + shown
                + "; use /sim/{profile}/v1/models, /chat/completions, /completions, /sim/{profile}/metrics or /sim/{profile}/load");
    }
}
