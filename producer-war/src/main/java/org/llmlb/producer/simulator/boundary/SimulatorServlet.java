package org.llmlb.producer.simulator.boundary;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.producer.simulator.control.Completion;
import org.llmlb.producer.simulator.control.Instance;
import org.llmlb.producer.simulator.control.Instances;
import org.llmlb.producer.simulator.control.Profiles;
import org.llmlb.producer.simulator.control.Scheduler;
import org.llmlb.producer.simulator.control.SimulationException;
import org.llmlb.producer.simulator.entity.Operation;
import org.llmlb.producer.simulator.entity.Problem;
import org.llmlb.producer.simulator.entity.Profile;

/**
 * The fake OpenAI backend at {@code /sim/{profile}/v1/…} and its {@code /sim/{profile}/metrics}.
 * An async servlet: while a request waits for a slot and between tokens it holds no thread.
 */
@WebServlet(urlPatterns = "/sim/*", asyncSupported = true)
public class SimulatorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    @Inject
    transient Scheduler scheduler;

    @Inject
    transient Instances instances;

    private final long deployed = Instant.now().getEpochSecond();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long arrived = scheduler.nanoTime();
        try {
            SimPath path = SimPath.parse(request);
            Profile profile = Profiles.resolve(path.profile());
            switch (path.operation()) {
                case MODELS -> {
                    expect(request, "GET");
                    json(response, Completion.models(profile.model(), deployed));
                }
                case METRICS -> metrics(request, response, profile);
                case LOAD -> {
                    // vLLM's GET /load (--enable-server-load-tracking): requests it is busy with
                    expect(request, "GET");
                    Instance.Load load = instances.of(profile).load();
                    json(response, Json.createObjectBuilder().add("server_load", load.running() + load.waiting()).build());
                }
                default -> {
                    expect(request, "POST");
                    Instance instance = instances.of(profile);
                    LoadReport.add(request, response, instance);
                    new CompletionStart(scheduler, instance, path.operation())
                            .answer(request, response, body(request), arrived);
                }
            }
        } catch (SimulationException e) {
            ProblemWriter.write(response, e);
        }
    }

    private void metrics(HttpServletRequest request, HttpServletResponse response, Profile profile) throws IOException {
        if (!"HEAD".equals(request.getMethod())) {
            expect(request, "GET");
        }
        byte[] text = MetricsText.of(instances.of(profile)).getBytes(StandardCharsets.UTF_8);
        response.setContentType(MetricsText.CONTENT_TYPE);
        response.setContentLength(text.length);
        if ("GET".equals(request.getMethod())) {
            response.getOutputStream().write(text);
        }
    }

    static void json(HttpServletResponse response, JsonObject json) throws IOException {
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void expect(HttpServletRequest request, String method) {
        if (!method.equals(request.getMethod())) {
            throw new SimulationException(Problem.METHOD_NOT_ALLOWED, "Use " + method + " for this path");
        }
    }

    private static byte[] body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            return body;
        }
    }

    private static SimulationException tooLarge() {
        return new SimulationException(Problem.PAYLOAD_TOO_LARGE, "The request body exceeds " + MAX_BODY_BYTES + " bytes");
    }
}
