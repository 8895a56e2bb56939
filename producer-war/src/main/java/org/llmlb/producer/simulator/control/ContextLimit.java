package org.llmlb.producer.simulator.control;

import org.llmlb.producer.simulator.entity.Operation;
import org.llmlb.producer.simulator.entity.Problem;
import org.llmlb.producer.simulator.entity.Profile;

/** The context window: prompt plus requested completion against {@code max_model_len} (and the KV cache). */
public final class ContextLimit {

    private ContextLimit() {
    }

    /**
     * Refuses a request that can never fit, as vLLM does, before it waits for a slot: prompt +
     * {@code max_tokens} over the limit, or without {@code max_tokens} a prompt that leaves no room.
     * Without {@code max_tokens} the answer ends where the context does, finish reason {@code length}.
     */
    public static AnswerLength fit(Profile profile, Operation operation, CompletionRequest request, AnswerLength length) {
        long limit = profile.serving().contextLimit();
        if (limit == 0) {
            return length;
        }
        int completion = request.maxTokens() == null ? 1 : request.maxTokens();
        if ((long) request.promptTokens() + completion > limit) {
            throw exceeded(operation, limit, request.promptTokens(), completion);
        }
        long room = limit - request.promptTokens();
        return length.tokens() <= room ? length : new AnswerLength((int) room, true);
    }

    /** The same refusal, injected: the limit it names is the configured one, else one token short of the request. */
    public static SimulationException simulated(Profile profile, Operation operation, CompletionRequest request,
                                                AnswerLength length) {
        int completion = completion(request, length);
        long requested = (long) request.promptTokens() + completion;
        long limit = profile.serving().contextLimit();
        return exceeded(operation, limit > 0 && limit < requested ? limit : Math.max(1, requested - 1),
                request.promptTokens(), completion);
    }

    private static int completion(CompletionRequest request, AnswerLength length) {
        return request.maxTokens() == null ? length.tokens() : Math.max(request.maxTokens(), length.tokens());
    }

    private static SimulationException exceeded(Operation operation, long limit, int prompt, int completion) {
        String where = operation == Operation.CHAT ? "messages" : "prompt";
        return new SimulationException(Problem.CONTEXT_LENGTH_EXCEEDED, "This model's maximum context length is " + limit
                + " tokens. However, you requested " + ((long) prompt + completion) + " tokens (" + prompt + " in the "
                + where + ", " + completion + " in the completion). Please reduce the length of the " + where
                + " or completion.", where, 0);
    }
}
