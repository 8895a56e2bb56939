package org.llmlb.producer.simulator.boundary;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.producer.simulator.control.AnswerLength;
import org.llmlb.producer.simulator.control.Completion;
import org.llmlb.producer.simulator.control.CompletionRequest;
import org.llmlb.producer.simulator.control.ContextLimit;
import org.llmlb.producer.simulator.control.Instance;
import org.llmlb.producer.simulator.control.Scheduler;
import org.llmlb.producer.simulator.control.Sequence;
import org.llmlb.producer.simulator.control.SimulationException;
import org.llmlb.producer.simulator.entity.Fault;
import org.llmlb.producer.simulator.entity.Faults;
import org.llmlb.producer.simulator.entity.Operation;
import org.llmlb.producer.simulator.entity.Problem;
import org.llmlb.producer.simulator.entity.Profile;

/**
 * A completion request from its body to its answer: refused at once (bad input, too long for
 * the context, an injected 429/400/500), left hanging, or handed to the server's queue as a
 * {@link Sequence} that streams or answers whole.
 */
final class CompletionStart {

    private final Scheduler scheduler;
    private final Instance instance;
    private final Operation operation;

    CompletionStart(Scheduler scheduler, Instance instance, Operation operation) {
        this.scheduler = scheduler;
        this.instance = instance;
        this.operation = operation;
    }

    void answer(HttpServletRequest request, HttpServletResponse response, byte[] body, long arrived) throws IOException {
        Profile profile = instance.profile();
        int blockSize = profile.serving().prefixCaching() ? profile.serving().blockSize() : 0;
        CompletionRequest parsed = CompletionRequest.parse(body, operation, blockSize);
        AnswerLength length = ContextLimit.fit(profile, operation, parsed, AnswerLength.of(profile, parsed));
        Fault fault = instance.draw();
        Faults faults = profile.faults();
        switch (fault) {
            case THROTTLE -> throw new SimulationException(Problem.RATE_LIMITED, "Rate limit reached (simulated, throttle_rate "
                    + faults.throttle() + "); retry after " + faults.retryAfterSeconds() + " s", null, faults.retryAfterSeconds());
            case CONTEXT_LENGTH -> throw ContextLimit.simulated(profile, operation, parsed, length);
            case SERVER_ERROR -> throw new SimulationException(Problem.SIMULATED_FAILURE,
                    "Simulated failure (error_rate " + faults.serverError() + ")");
            case HANG -> {
                hang(request.startAsync(), response, arrived + faults.hangMs() * 1_000_000);
                return;
            }
            default -> {
            }
        }
        Completion completion = Completion.of(operation, Instant.now().getEpochSecond(), profile.model(),
                parsed.promptTokens(), length.tokens(), length.truncated());
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        boolean drop = fault == Fault.DROP;
        if (parsed.stream()) {
            SseAnswer answer = new SseAnswer(async, response, completion, parsed.includeUsage());
            if (answer.open()) {
                answer.attach(instance.submit(answer, parsed, length, drop, arrived));
            }
        } else {
            WholeAnswer answer = new WholeAnswer(async, response, completion);
            answer.attach(instance.submit(answer, parsed, length, drop, arrived));
        }
    }

    /** Nothing at all, not even headers, until {@code hang_ms} has passed; then a 500. */
    private void hang(AsyncContext async, HttpServletResponse response, long until) {
        async.setTimeout(0);
        try {
            scheduler.at(until, () -> {
                try {
                    ProblemWriter.write(response, new SimulationException(Problem.SIMULATED_HANG,
                            "Simulated hang (hang_rate " + instance.profile().faults().hang() + ") gave up after "
                                    + instance.profile().faults().hangMs() + " ms"));
                } catch (IOException | IllegalStateException clientGone) {
                    // the client stopped waiting first, as it should
                } finally {
                    complete(async);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            complete(async);
        }
    }

    private static void complete(AsyncContext async) {
        try {
            async.complete();
        } catch (IllegalStateException alreadyCompleted) {
            // the container ended the request first
        }
    }
}
