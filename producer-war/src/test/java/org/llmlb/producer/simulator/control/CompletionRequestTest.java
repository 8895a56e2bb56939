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
}
