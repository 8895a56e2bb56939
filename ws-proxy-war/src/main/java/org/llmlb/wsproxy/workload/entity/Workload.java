package org.llmlb.wsproxy.workload.entity;

/**
 * Where a card's prompts come from and how long its answers are.
 *
 * @param source       {@link Source#PRESET}: the card's messages or preset; {@link Source#SYNTHETIC}:
 *                     generated words of {@code inputTokens} length; {@link Source#DATASET}: an uploaded file
 * @param seed         makes a run repeatable: the same seed gives the same lengths and the same text
 * @param inputTokens  synthetic prompts' length (user message of each turn); null for other sources
 * @param outputTokens each request's {@code max_tokens}; null leaves the card's model_config to decide
 * @param ignoreEos    sends {@code ignore_eos: true}, so the server writes exactly {@code max_tokens}
 * @param dataset      the uploaded prompts; null unless the source is a dataset
 * @param sharedPrefix system prompts shared by groups of conversations; null for none
 * @param turns        user turns per conversation; each later turn carries the history with the real answers
 */
public record Workload(Source source, long seed, Distribution inputTokens, Distribution outputTokens,
                       boolean ignoreEos, Dataset dataset, SharedPrefix sharedPrefix, int turns) {

    public enum Source {
        PRESET, SYNTHETIC, DATASET
    }

    public static final long DEFAULT_SEED = 1;

    /** The card's own prompts, one turn each, lengths left to the server: what cards did before workloads. */
    public static final Workload PRESETS = new Workload(Source.PRESET, DEFAULT_SEED, null, null, false, null, null, 1);

    /** Whether a request's answer text must be kept: only a next turn needs it. */
    public boolean multiTurn() {
        return turns > 1;
    }
}
