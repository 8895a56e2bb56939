package org.llmlb.producer.simulator.control;

import java.util.Arrays;

/**
 * Counts a prompt's tokens (whitespace-separated words) and, for the prefix cache, hashes it in
 * blocks: the hash of block {@code k} covers every word up to the end of that block, as vLLM's
 * block hashes chain, so two prompts share block {@code k} only when they agree up to it.
 */
final class PromptScan {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long[] NONE = new long[0];

    private final int blockSize;
    private long state = FNV_OFFSET;
    private int words;
    private long[] blocks = NONE;
    private int full;

    /** @param blockSize words per block, or 0 to count only */
    PromptScan(int blockSize) {
        this.blockSize = blockSize;
    }

    void add(String text) {
        boolean inWord = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            // the whitespace of the regex \s, so counts stay what split("\\s+") gave
            boolean space = c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
            if (!space) {
                inWord = true;
                if (blockSize > 0) {
                    state = (state ^ c) * FNV_PRIME;
                }
            } else if (inWord) {
                endWord();
                inWord = false;
            }
        }
        if (inWord) {
            endWord();
        }
    }

    /** Between two messages: "a b" + "c" is not the same prompt as "a" + "b c". */
    void boundary() {
        if (blockSize > 0) {
            state = (state ^ 0x1E) * FNV_PRIME;
        }
    }

    private void endWord() {
        words++;
        if (blockSize == 0) {
            return;
        }
        state = (state ^ ' ') * FNV_PRIME;
        if (words % blockSize == 0) {
            if (full == blocks.length) {
                blocks = Arrays.copyOf(blocks, Math.max(8, full * 2));
            }
            blocks[full++] = mix(state);
        }
    }

    int words() {
        return words;
    }

    long[] blocks() {
        return full == blocks.length ? blocks : Arrays.copyOf(blocks, full);
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
