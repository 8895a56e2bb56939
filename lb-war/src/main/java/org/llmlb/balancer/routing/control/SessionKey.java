package org.llmlb.balancer.routing.control;

/**
 * How a request's session is recognised: one hash for a session id, or for prefix affinity the
 * hashes of its leading prompt blocks, each covering all blocks before it (longest last). The
 * first is the session's home on the hash ring.
 */
public record SessionKey(long[] hashes, boolean prefix) {

    static final long FNV_OFFSET = 0xcbf29ce484222325L;
    static final long FNV_PRIME = 0x100000001b3L;
    static final int MAX_BLOCKS = 256;

    long home() {
        return hashes[0];
    }

    static SessionKey of(String id) {
        long h = FNV_OFFSET;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * FNV_PRIME;
        }
        return new SessionKey(new long[]{nonZero(h)}, false);
    }

    /**
     * Hashes of the prompt's bytes {@code [start, end)} in blocks of {@code blockBytes}: one per
     * whole block (up to {@link #MAX_BLOCKS}), or one for a prompt shorter than a block. No
     * tokenizer: the same leading bytes mean the same leading tokens.
     */
    static SessionKey ofPrefix(byte[] body, int start, int end, int blockBytes) {
        int length = end - start;
        if (length <= 0) {
            return null;
        }
        int blocks = Math.min(MAX_BLOCKS, Math.max(1, length / blockBytes));
        long[] hashes = new long[blocks];
        long h = FNV_OFFSET;
        int stop = length < blockBytes ? end : start + blocks * blockBytes;
        int block = 0;
        for (int i = start; i < stop; i++) {
            h = (h ^ (body[i] & 0xff)) * FNV_PRIME;
            if ((i - start + 1) % blockBytes == 0 && block < blocks) {
                hashes[block++] = nonZero(h);
            }
        }
        if (block < blocks) {
            hashes[block] = nonZero(h);
        }
        return new SessionKey(hashes, true);
    }

    private static long nonZero(long h) {
        return h == 0 ? 1 : h;
    }
}
