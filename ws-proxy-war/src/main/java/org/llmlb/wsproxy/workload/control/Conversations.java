package org.llmlb.wsproxy.workload.control;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.json.spi.JsonProvider;

import org.llmlb.wsproxy.workload.entity.Dataset;
import org.llmlb.wsproxy.workload.entity.Distribution;
import org.llmlb.wsproxy.workload.entity.SharedPrefix;
import org.llmlb.wsproxy.workload.entity.Workload;

/**
 * The requests of one run, as the {@code messages} of each: the next one is a conversation's
 * next turn when one is ready (its previous answer is in), else the first turn of a new
 * conversation. Conversation {@code c} is the same for the same seed however the run goes: its
 * lengths and text come from a random generator seeded with the seed and {@code c}, its prompts
 * from entry {@code c} of the dataset or preset, its system prompt from group {@code c mod N}.
 * With one turn per conversation, request {@code i} is conversation {@code i}.
 *
 * <p>What can be is prepared once: the corpus, the system prompts, every prompt's JSON escaping.
 * A request costs a few string copies. Safe for concurrent callers: the closed loop asks from
 * several I/O threads.
 */
public final class Conversations {

    private static final JsonProvider JSON = JsonProvider.provider();

    /** One request: its {@code messages} array as JSON, its {@code max_tokens} (0: the card's) and prompt size. */
    public record Turn(String messagesJson, int maxTokens, int promptTokens, Conversation conversation, int number) {

        /** Whether another turn follows this one once its answer is in. */
        public boolean hasNext() {
            return conversation != null && number < conversation.turns;
        }
    }

    /** A conversation's state between turns; touched by one request at a time. */
    public static final class Conversation {
        final long index;
        final int turns;
        final SplittableRandom random;
        /** The user prompts, escaped; null for synthetic ones, drawn turn by turn. */
        final String[] prompts;
        final int[] promptTokens;
        final String system;
        final int systemTokens;
        final StringBuilder history = new StringBuilder();
        int historyTokens;

        Conversation(long index, int turns, SplittableRandom random, String[] prompts, int[] promptTokens,
                     String system, int systemTokens) {
            this.index = index;
            this.turns = turns;
            this.random = random;
            this.prompts = prompts;
            this.promptTokens = promptTokens;
            this.system = system;
            this.systemTokens = systemTokens;
        }

        public long index() {
            return index;
        }
    }

    private final Workload workload;
    private final Words words;
    /** Escaped user prompts of the preset or dataset entries, and their token estimates; null when synthetic. */
    private final String[][] entries;
    private final int[][] entryTokens;
    private final boolean groupEntries;
    private final String[] systems;
    private final int systemTokens;
    private final AtomicLong started = new AtomicLong();
    private final ConcurrentLinkedQueue<Turn> ready = new ConcurrentLinkedQueue<>();

    /**
     * @param prompts for the preset source: the preset's prompts (one user turn each); ignored otherwise
     */
    public Conversations(Workload workload, List<String> prompts) {
        this.workload = workload;
        boolean synthetic = workload.source() == Workload.Source.SYNTHETIC;
        SharedPrefix prefix = workload.sharedPrefix();
        this.words = synthetic || prefix != null ? new Words(workload.seed()) : null;
        List<List<String>> source = switch (workload.source()) {
            case SYNTHETIC -> null;
            case DATASET -> workload.dataset().conversations();
            case PRESET -> prompts.stream().map(List::of).toList();
        };
        // a ShareGPT line is a conversation already; single prompts are taken `turns` at a time
        Dataset dataset = workload.dataset();
        this.groupEntries = dataset == null || !"sharegpt".equals(dataset.format());
        if (source == null) {
            entries = null;
            entryTokens = null;
        } else {
            entries = new String[source.size()][];
            entryTokens = new int[source.size()][];
            for (int i = 0; i < entries.length; i++) {
                List<String> turns = source.get(i);
                entries[i] = turns.stream().map(Conversations::quoted).toArray(String[]::new);
                entryTokens[i] = turns.stream().mapToInt(Words::estimate).toArray();
            }
        }
        if (prefix == null) {
            systems = null;
            systemTokens = 0;
        } else {
            systems = new String[prefix.groups()];
            for (int g = 0; g < systems.length; g++) {
                // seeds of their own, apart from every conversation's
                int offset = new SplittableRandom(mix(workload.seed(), -1 - g)).nextInt(words.size());
                systems[g] = quoted(words.text(offset, prefix.tokens()));
            }
            systemTokens = prefix.tokens();
        }
    }

    /** The next request to send. */
    public Turn next() {
        Turn followUp = ready.poll();
        return followUp != null ? followUp : first(started.getAndIncrement());
    }

    /** Conversations begun so far. */
    public long started() {
        return started.get();
    }

    /**
     * The answer to {@code turn} arrived: its conversation's next turn, carrying the history, is
     * ready for the next request. A null or empty {@code answer} (a failure) ends the conversation.
     */
    public void answered(Turn turn, String answer) {
        if (!turn.hasNext() || answer == null || answer.isEmpty()) {
            return;
        }
        Conversation c = turn.conversation();
        int n = turn.number();
        // the user message of the turn just answered is the last element of its array; strip the brackets
        String sent = turn.messagesJson();
        int lastUser = sent.lastIndexOf("{\"role\":\"user\"");
        c.history.append(sent, lastUser, sent.length() - 1).append(",{\"role\":\"assistant\",\"content\":")
                .append(quoted(answer)).append("},");
        c.historyTokens += lastUserTokens(turn) + Words.estimate(answer);
        ready.add(turn(c, n + 1));
    }

    private Turn first(long index) {
        SplittableRandom random = new SplittableRandom(mix(workload.seed(), index));
        int turns = workload.turns();
        String[] prompts = null;
        int[] tokens = null;
        if (entries != null) {
            if (groupEntries) {
                prompts = new String[turns];
                tokens = new int[turns];
                for (int t = 0; t < turns; t++) {
                    int e = (int) Math.floorMod(index * turns + t, (long) entries.length);
                    prompts[t] = entries[e][0];
                    tokens[t] = entryTokens[e][0];
                }
            } else {
                int e = (int) Math.floorMod(index, (long) entries.length);
                int n = Math.min(turns, entries[e].length);
                prompts = java.util.Arrays.copyOf(entries[e], n);
                tokens = java.util.Arrays.copyOf(entryTokens[e], n);
                turns = n;
            }
        }
        String system = systems == null ? null : systems[(int) Math.floorMod(index, (long) systems.length)];
        Conversation c = new Conversation(index, turns, random, prompts, tokens, system, systemTokens);
        return turn(c, 1);
    }

    private Turn turn(Conversation c, int number) {
        String user;
        int userTokens;
        if (c.prompts == null) {
            userTokens = workload.inputTokens().sample(c.random);
            user = "\"" + words.text(c.random.nextInt(words.size()), userTokens) + "\"";
        } else {
            user = c.prompts[number - 1];
            userTokens = c.promptTokens[number - 1];
        }
        Distribution out = workload.outputTokens();
        int maxTokens = out == null ? 0 : out.sample(c.random);
        StringBuilder m = new StringBuilder(user.length() + c.history.length() + (c.system == null ? 0
                : c.system.length()) + 64).append('[');
        if (c.system != null) {
            m.append("{\"role\":\"system\",\"content\":").append(c.system).append("},");
        }
        m.append(c.history).append("{\"role\":\"user\",\"content\":").append(user).append("}]");
        return new Turn(m.toString(), maxTokens, c.systemTokens + c.historyTokens + userTokens, c, number);
    }

    private static int lastUserTokens(Turn turn) {
        Conversation c = turn.conversation();
        return turn.promptTokens() - c.systemTokens - c.historyTokens;
    }

    static String quoted(String text) {
        return JSON.createValue(text).toString();
    }

    /** One seed per conversation, well apart from its neighbours' (SplitMix64's finaliser). */
    static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
