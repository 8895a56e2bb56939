package org.llmlb.producer.simulator.control;

import java.util.concurrent.TimeUnit;

import org.llmlb.producer.simulator.entity.Profile;

/**
 * When each token of an answer is due, as offsets from the moment the request arrived: the
 * first after {@code ttft}, then one every {@code 1/tps}. Offsets are computed from the start,
 * never by adding up waits, so a late write does not push every later token back.
 */
public record TokenSchedule(long ttftNanos, double tps, int tokens) {

    /**
     * The schedule for a profile and the client's limit ({@code max_tokens} or
     * {@code max_completion_tokens}; null for none): the answer is as long as the smaller.
     */
    public static TokenSchedule of(Profile profile, Integer maxTokens) {
        int tokens = maxTokens == null ? profile.tokens() : Math.min(maxTokens, profile.tokens());
        return new TokenSchedule(TimeUnit.MILLISECONDS.toNanos(profile.ttftMs()), profile.tps(), tokens);
    }

    /** Nanoseconds after the start at which token {@code index} (0-based) is due. */
    public long offsetNanos(int index) {
        if (index < 0 || index >= tokens) {
            throw new IndexOutOfBoundsException(index);
        }
        return ttftNanos + Math.round(index * 1e9 / tps);
    }

    /** When the last token is due: a non-streaming answer is sent then, as a stream would end. */
    public long endNanos() {
        return offsetNanos(tokens - 1);
    }

    /** Whether the client's limit cut the answer short (finish reason {@code length}). */
    public boolean truncated(Profile profile) {
        return tokens < profile.tokens();
    }
}
