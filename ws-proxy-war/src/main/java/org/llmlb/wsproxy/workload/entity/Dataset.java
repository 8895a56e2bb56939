package org.llmlb.wsproxy.workload.entity;

import java.util.List;

/**
 * Prompts read from an uploaded JSONL file: each conversation is the user turns of one line
 * (one for a prompt-per-line file, the {@code human} turns of a ShareGPT conversation). The
 * recorded answers are not kept: a multi-turn run carries the answers it actually received.
 *
 * @param id     derived from the content, so uploading the same file again gives the same id
 * @param format {@code sharegpt} or {@code prompts}
 */
public record Dataset(String id, String name, String format, List<List<String>> conversations, long bytes) {

    public Dataset {
        conversations = conversations.stream().map(List::copyOf).toList();
    }

    public int turns() {
        return conversations.stream().mapToInt(List::size).sum();
    }
}
