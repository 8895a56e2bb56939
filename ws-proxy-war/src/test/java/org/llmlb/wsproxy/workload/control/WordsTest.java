package org.llmlb.wsproxy.workload.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordsTest {

    @Test
    void aSliceHasExactlyTheWordsAskedFor() {
        Words words = new Words(1);
        for (int n : new int[] {1, 7, 512, 5000}) {
            String text = words.text(123, n);
            assertThat(Words.estimate(text)).isEqualTo(n);
            assertThat(text).doesNotStartWith(" ").doesNotEndWith(" ").doesNotContain("  ");
        }
    }

    @Test
    void wrapsAroundTheCorpusForPromptsLongerThanIt() {
        Words words = new Words(1, 100);
        String text = words.text(90, 250);
        assertThat(Words.estimate(text)).isEqualTo(250);
        assertThat(text).startsWith(words.text(90, 10) + " " + words.text(0, 10));
    }

    @Test
    void theSameSeedWritesTheSameTextAndAnotherSeedOther() {
        assertThat(new Words(9).text(0, 200)).isEqualTo(new Words(9).text(0, 200));
        assertThat(new Words(9).text(0, 200)).isNotEqualTo(new Words(10).text(0, 200));
    }

    @Test
    void usesOnlyPlainLowerCaseWordsThatNeedNoEscaping() {
        assertThat(new Words(3).text(0, 10_000)).matches("[a-z ]+");
        assertThat(Words.VOCABULARY).allMatch(w -> w.length() <= 9);
    }
}
