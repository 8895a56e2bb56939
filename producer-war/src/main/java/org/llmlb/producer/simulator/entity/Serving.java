package org.llmlb.producer.simulator.entity;

/**
 * How a simulated vLLM server schedules its sequences. Zero means "no limit" (or "off") for
 * every value, which is the simulator's original unlimited behaviour.
 *
 * @param maxNumSeqs        sequences running at once; the rest wait in arrival order
 * @param maxModelLen       prompt plus requested completion tokens a request may ask for
 * @param kvCacheTokens     tokens the KV cache holds; a sequence reserves prompt plus answer
 * @param prefillMsPerToken prefill time per uncached prompt token; prefills run one at a time
 * @param decodeSlowdown    alpha in {@code itl = 1000/tps × (1 + alpha × (running − 1))} ms
 * @param blockSize         prompt tokens per prefix-cache block
 * @param prefixCacheBlocks blocks the prefix cache remembers (least recently used go first)
 */
public record Serving(int maxNumSeqs, int maxModelLen, long kvCacheTokens, double prefillMsPerToken,
                      double decodeSlowdown, int blockSize, int prefixCacheBlocks) {

    public static final Serving UNLIMITED = new Serving(0, 0, 0, 0, 0, 16, 0);

    public boolean prefixCaching() {
        return prefixCacheBlocks > 0;
    }

    /** The most tokens (prompt plus completion) one request may need, or 0 for no limit. */
    public long contextLimit() {
        if (maxModelLen == 0) {
            return kvCacheTokens;
        }
        return kvCacheTokens == 0 ? maxModelLen : Math.min(maxModelLen, kvCacheTokens);
    }
}
