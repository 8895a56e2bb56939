package org.llmlb.producer.simulator.control;

import org.llmlb.producer.simulator.entity.Profile;
import org.llmlb.producer.simulator.entity.Serving;

/**
 * A server's prefill stage: cached prefix blocks cost nothing, the rest
 * {@code prefill_ms_per_token} each, one prefill after another; the first token follows
 * {@code ttft_ms} later. Not thread-safe: its {@link Instance} calls it under its lock.
 */
final class Prefill {

    private final PrefixCache prefixCache;
    private final int blockSize;
    private final long ttftNanos;
    private final double nanosPerToken;
    private final Counters counters;
    private long freeNanos = Long.MIN_VALUE;

    Prefill(Profile profile, Counters counters) {
        Serving serving = profile.serving();
        this.prefixCache = serving.prefixCaching() ? new PrefixCache(serving.prefixCacheBlocks()) : null;
        this.blockSize = serving.blockSize();
        this.ttftNanos = profile.ttftMs() * 1_000_000;
        this.nanosPerToken = serving.prefillMsPerToken() * 1e6;
        this.counters = counters;
    }

    /** Plans the prefill of a sequence admitted at {@code nowNanos}: its cached tokens and its first token's due time. */
    void plan(Sequence sequence, long nowNanos) {
        int cached = 0;
        if (prefixCache != null) {
            // at least the prompt's last token is computed, as vLLM does, to produce the first output
            cached = prefixCache.leadingHits(sequence.promptBlocks, (sequence.promptTokens - 1) / blockSize) * blockSize;
            counters.prefix(sequence.promptTokens, cached);
        }
        long end = nowNanos;
        if (nanosPerToken > 0) {
            end = Math.max(nowNanos, freeNanos) + Math.round((sequence.promptTokens - cached) * nanosPerToken);
            freeNanos = end;
        }
        sequence.cachedTokens = cached;
        sequence.firstDueNanos = end + ttftNanos;
    }

    /** The prompt's blocks are computed: later prompts that start alike find them. */
    void done(Sequence sequence) {
        if (prefixCache != null) {
            prefixCache.store(sequence.promptBlocks);
        }
    }

    int cachedBlocks() {
        return prefixCache == null ? 0 : prefixCache.size();
    }
}
