package org.llmlb.wsproxy.workload.control;

import java.util.SplittableRandom;

/**
 * Deterministic filler text whose token count is known in advance: every word is a short, common
 * lower-case English word that the usual BPE tokenizers (GPT-4o's o200k, Llama 3's, Mistral's)
 * encode as a single token together with its leading space, so {@code n} words are about
 * {@code n} tokens (a chat template adds a few per message). The simulator counts whitespace
 * separated words, so there it is exact. The words are plain ASCII letters: a prompt needs no
 * JSON escaping.
 *
 * <p>The corpus is drawn once from the seed; a prompt is a slice of it from a seeded offset, so
 * building one costs a string copy, and two prompts share no prefix by accident (a prefix cache
 * sees only the prefixes a card shares on purpose).
 */
public final class Words {

    static final String[] VOCABULARY = ("the of and to in is you that it he was for on are as with his they at be"
            + " this have from or one had by word but not what all were we when your can said there use an each"
            + " which she do how their if will up other about out many then them these so some her would make like"
            + " him into time has look two more write go see number no way could people my than first water been"
            + " call who oil its now find long down day did get come made may part over new sound take only little"
            + " work know place year live me back give most very after thing our just name good sentence man think"
            + " say great where help through much before line right too mean old any same tell boy follow came want"
            + " show also around form three small set put end does another well large must big even such because"
            + " turn here why ask went men read need land different home us move try kind hand picture again change"
            + " off play spell air away animal house point page letter mother answer found study still learn should"
            + " world high every near add food between own below country plant last school father keep tree never"
            + " start city earth eye light thought head under story saw left few while along might close something"
            + " seem next hard open example begin life always those both paper together got group often run").split(" ");

    /** 64 Ki words: long enough that random offsets rarely meet, small enough to build in a millisecond. */
    static final int CORPUS_WORDS = 1 << 16;

    private final String text;
    /** Where word {@code i} starts in {@link #text}; one more entry for the end. */
    private final int[] starts;

    public Words(long seed) {
        this(seed, CORPUS_WORDS);
    }

    Words(long seed, int corpusWords) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder s = new StringBuilder(corpusWords * 5);
        starts = new int[corpusWords + 1];
        for (int i = 0; i < corpusWords; i++) {
            starts[i] = s.length();
            s.append(VOCABULARY[random.nextInt(VOCABULARY.length)]).append(' ');
        }
        starts[corpusWords] = s.length();
        text = s.toString();
    }

    public int size() {
        return starts.length - 1;
    }

    /** {@code count} words from word {@code offset} on, wrapping around the corpus, separated by single spaces. */
    public String text(int offset, int count) {
        if (count <= 0) {
            return "";
        }
        int n = size();
        int from = Math.floorMod(offset, n);
        StringBuilder out = null;
        int left = count;
        while (true) {
            int take = Math.min(left, n - from);
            int end = starts[from + take] - 1; // without the trailing space
            left -= take;
            if (left == 0 && out == null) {
                return text.substring(starts[from], end);
            }
            if (out == null) {
                out = new StringBuilder(count * 6);
            }
            out.append(text, starts[from], end);
            if (left == 0) {
                return out.toString();
            }
            out.append(' ');
            from = 0;
        }
    }

    /** The token estimate used where no {@code usage} says otherwise: whitespace-separated words. */
    public static int estimate(CharSequence text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }
}
