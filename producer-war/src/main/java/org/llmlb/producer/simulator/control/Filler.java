package org.llmlb.producer.simulator.control;

/**
 * The text the simulator "generates": the same words in the same order every time, one word
 * and a space per token, so a client can count tokens as content chunks and compare texts.
 */
public final class Filler {

    private static final String[] WORDS = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do "
            + "eiusmod tempor incididunt ut labore et dolore magna aliqua").split(" ");

    private Filler() {
    }

    public static String token(int index) {
        return WORDS[index % WORDS.length] + " ";
    }

    public static String text(int tokens) {
        StringBuilder text = new StringBuilder(tokens * 8);
        for (int i = 0; i < tokens; i++) {
            text.append(token(i));
        }
        return text.toString();
    }
}
