package org.llmlb.producer.simulator.control;

import org.llmlb.producer.simulator.entity.Problem;
import org.llmlb.producer.simulator.entity.Profile;

/**
 * How many tokens an answer has. Without {@code ignore_eos} the profile's {@code tokens} is the
 * natural length (raised to {@code min_tokens}), cut to {@code max_tokens}; with it the answer
 * is exactly {@code max_tokens} long (the profile's {@code tokens} when the client sets none),
 * as vLLM generates past its end-of-sequence token.
 *
 * @param truncated the client's limit ended the answer: finish reason {@code length}
 */
public record AnswerLength(int tokens, boolean truncated) {

    public static AnswerLength of(Profile profile, CompletionRequest request) {
        boolean ignoreEos = request.ignoreEos() == null ? profile.ignoreEos() : request.ignoreEos();
        Integer max = request.maxTokens();
        if (ignoreEos) {
            return new AnswerLength(bounded(max == null ? profile.tokens() : max, "max_tokens with ignore_eos"), true);
        }
        int natural = bounded(Math.max(profile.tokens(), request.minTokens() == null ? 0 : request.minTokens()), "min_tokens");
        return max != null && max < natural ? new AnswerLength(max, true) : new AnswerLength(natural, false);
    }

    public String finishReason() {
        return truncated ? "length" : "stop";
    }

    private static int bounded(int tokens, String what) {
        if (tokens > ProfileDraft.MAX_TOKENS) {
            throw new SimulationException(Problem.INVALID_REQUEST, what + " must be at most " + ProfileDraft.MAX_TOKENS);
        }
        return tokens;
    }
}
