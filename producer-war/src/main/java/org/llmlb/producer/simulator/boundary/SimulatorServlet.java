package org.llmlb.producer.simulator.boundary;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.producer.simulator.control.Completion;
import org.llmlb.producer.simulator.control.CompletionRequest;
import org.llmlb.producer.simulator.control.Pacer;
import org.llmlb.producer.simulator.control.Profiles;
import org.llmlb.producer.simulator.control.SimulationException;
import org.llmlb.producer.simulator.control.TokenSchedule;
import org.llmlb.producer.simulator.entity.Operation;
import org.llmlb.producer.simulator.entity.Problem;
import org.llmlb.producer.simulator.entity.Profile;

/**
 * The fake OpenAI backend at {@code /sim/{profile}/v1/…}. An async servlet: between tokens a
 * request holds no thread, the {@link Pacer} writes each token when it is due.
 */
@WebServlet(urlPatterns = "/sim/*", asyncSupported = true)
public class SimulatorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    @Inject
    transient Pacer pacer;

    private final long deployed = Instant.now().getEpochSecond();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        try {
            SimPath path = SimPath.parse(request);
            Profile profile = Profiles.resolve(path.profile());
            if (path.operation() == Operation.MODELS) {
                expect(request, "GET");
                json(response, Completion.models(profile.model(), deployed));
                return;
            }
            expect(request, "POST");
            CompletionRequest parsed = CompletionRequest.parse(body(request), path.operation());
            if (ThreadLocalRandom.current().nextDouble() < profile.errorRate()) {
                throw new SimulationException(Problem.SIMULATED_FAILURE,
                        "Simulated failure (error_rate " + profile.errorRate() + ")");
            }
            TokenSchedule schedule = TokenSchedule.of(profile, parsed.maxTokens());
            Completion completion = Completion.of(path.operation(), Instant.now().getEpochSecond(), profile.model(),
                    parsed.promptTokens(), schedule.tokens(), schedule.truncated(profile));
            AsyncContext async = request.startAsync();
            async.setTimeout(0);
            if (parsed.stream()) {
                new SseAnswer(async, response, pacer, start, schedule, completion, parsed.includeUsage()).begin();
            } else {
                answerAtEnd(async, response, start + schedule.endNanos(), completion);
            }
        } catch (SimulationException e) {
            ProblemWriter.write(response, e);
        }
    }

    private void answerAtEnd(AsyncContext async, HttpServletResponse response, long due, Completion completion) {
        try {
            pacer.at(due, () -> {
                try {
                    json(response, completion.whole());
                } catch (IOException | IllegalStateException clientGone) {
                    // nobody left to answer
                } finally {
                    async.complete();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            async.complete();
        }
    }

    private static void json(HttpServletResponse response, JsonObject json) throws IOException {
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
