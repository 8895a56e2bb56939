package org.llmlb.producer.simulator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.llmlb.producer.simulator.entity.Operation;
import org.llmlb.producer.simulator.entity.Problem;

class CompletionRequestTest {

    static CompletionRequest chat(String json) {
        return CompletionRequest.parse(json.getBytes(StandardCharsets.UTF_8), Operation.CHAT);
    }

    @Test
    void countsWordsOfEveryMessageIncludingContentParts() {
        CompletionRequest request = chat("""
                {"model":"m","messages":[{"role":"system","content":"be brief"},
                 {"role":"user","content":[{"type":"text","text":"say  hello\\nworld"}]}]}""");
        assertThat(request.promptTokens()).isEqualTo(5);
        assertThat(request.stream()).isFalse();
        assertThat(request.maxTokens()).isNull();
    }

    @Test
    void emptyPromptCountsAsOneToken() {
        assertThat(chat("{\"messages\":[]}").promptTokens()).isEqualTo(1);
    }

    @Test
    void legacyCompletionsCountThePrompt() {
        CompletionRequest request = CompletionRequest.parse(
                "{\"prompt\":[\"one two\",\"three\"],\"max_tokens\":5}".getBytes(StandardCharsets.UTF_8), Operation.TEXT);
        assertThat(request.promptTokens()).isEqualTo(3);
        assertThat(request.maxTokens()).isEqualTo(5);
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() {
        assertThat(chat("{\"max_tokens\":9,\"max_completion_tokens\":4}").maxTokens()).isEqualTo(4);
    }

    @Test
    void readsStreamAndIncludeUsage() {
        CompletionRequest request = chat("{\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        assertThat(request.stream()).isTrue();
        assertThat(request.includeUsage()).isTrue();
    }

    @Test
    void rejectsNonPositiveLimitsAndBrokenJson() {
        for (String body : new String[] {"{\"max_tokens\":0}", "{\"max_tokens\":\"5\"}", "{\"max_tokens\":1.5}", "{", "[]"}) {
            assertThatThrownBy(() -> chat(body)).as(body)
                    .isInstanceOfSatisfying(SimulationException.class,
                            e -> assertThat(e.problem).isEqualTo(Problem.INVALID_REQUEST));
        }
    }

    @Test
    void readsVllmsIgnoreEosAndMinTokens() {
        CompletionRequest request = chat("{\"max_tokens\":300,\"min_tokens\":10,\"ignore_eos\":true}");
        assertThat(request.ignoreEos()).isTrue();
        assertThat(request.minTokens()).isEqualTo(10);
        assertThat(chat("{}").ignoreEos()).isNull();
        assertThat(chat("{\"ignore_eos\":false}").ignoreEos()).isFalse();
    }

    @Test
    void rejectsBadIgnoreEosAndMinTokens() {
        for (String body : new String[] {"{\"ignore_eos\":\"yes\"}", "{\"min_tokens\":-1}", "{\"min_tokens\":9,\"max_tokens\":3}"}) {
            assertThatThrownBy(() -> chat(body)).as(body)
                    .isInstanceOfSatisfying(SimulationException.class,
                            e -> assertThat(e.problem).isEqualTo(Problem.INVALID_REQUEST));
        }
    }

    static long[] blocks(String content) {
        return CompletionRequest.parse(("{\"messages\":[{\"role\":\"system\",\"content\":\"" + content + "\"}]}")
                .getBytes(StandardCharsets.UTF_8), Operation.CHAT, 2).promptBlocks();
    }

    @Test
    void promptBlocksChainSoOnlyASharedPrefixSharesBlocks() {
        long[] a = blocks("one two three four five");
        long[] b = blocks("one  two\\nthree four six");
        long[] c = blocks("uno two three four five");

        assertThat(a).hasSize(2);
        assertThat(b).containsExactly(a);
        assertThat(c[1]).as("same second block, different first").isNotEqualTo(a[1]);
        assertThat(blocks("one two three five")[0]).isEqualTo(a[0]);
    }

    @Test
    void messageBoundariesArePartOfThePrefix() {
        CompletionRequest split = chat("{\"messages\":[{\"content\":\"a b\"},{\"content\":\"c d\"}]}");
        long[] joined = CompletionRequest.parse("{\"messages\":[{\"content\":\"a b c d\"}]}"
                .getBytes(StandardCharsets.UTF_8), Operation.CHAT, 4).promptBlocks();
        long[] apart = CompletionRequest.parse("{\"messages\":[{\"content\":\"a b\"},{\"content\":\"c d\"}]}"
                .getBytes(StandardCharsets.UTF_8), Operation.CHAT, 4).promptBlocks();
        assertThat(split.promptTokens()).isEqualTo(4);
        assertThat(split.promptBlocks()).as("no hashing without a prefix cache").isEmpty();
        assertThat(apart[0]).isNotEqualTo(joined[0]);
    }

    @Test
    void countsWordsAsSplittingOnRegexWhitespaceDoes() {
        String text = " a\\tb\\u000Bc\\fd\\re  \\u00A0f ";
        assertThat(chat("{\"messages\":[{\"content\":\"" + text + "\"}]}").promptTokens()).isEqualTo(6);
    }
}
