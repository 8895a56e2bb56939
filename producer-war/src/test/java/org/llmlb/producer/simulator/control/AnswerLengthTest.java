package org.llmlb.producer.simulator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import org.llmlb.producer.simulator.entity.Operation;
import org.llmlb.producer.simulator.entity.Problem;
import org.llmlb.producer.simulator.entity.Profile;

class AnswerLengthTest {

    static AnswerLength length(String segment, Integer max, Integer min, Boolean ignoreEos) {
        return AnswerLength.of(Profiles.resolve(segment), new CompletionRequest(false, false, max, min, ignoreEos, 1, new long[0]));
    }

    @Test
    void profileTokensAreTheNaturalLengthCutByTheClientsLimit() {
        assertThat(length("fast", null, null, null)).isEqualTo(new AnswerLength(32, false));
        assertThat(length("fast", 5, null, null)).isEqualTo(new AnswerLength(5, true));
        assertThat(length("fast", 500, null, null)).isEqualTo(new AnswerLength(32, false));
    }

    @Test
    void ignoreEosMakesTheAnswerExactlyMaxTokensLong() {
        assertThat(length("fast", 500, null, true)).isEqualTo(new AnswerLength(500, true));
        assertThat(length("fast", 5, null, true)).isEqualTo(new AnswerLength(5, true));
        assertThat(length("fast", null, null, true).tokens()).isEqualTo(32);
        assertThat(length("fast;ignore_eos=true", 700, null, null).tokens()).isEqualTo(700);
        assertThat(length("fast;ignore_eos=true", 700, null, false).tokens()).as("the request's false wins").isEqualTo(32);
        assertThat(length("fast", 500, null, true).finishReason()).isEqualTo("length");
    }

    @Test
    void minTokensLengthensTheNaturalAnswer() {
        assertThat(length("fast", null, 100, null)).isEqualTo(new AnswerLength(100, false));
        assertThat(length("fast", 60, 50, null)).isEqualTo(new AnswerLength(50, false));
        assertThat(length("fast", null, 3, null).tokens()).isEqualTo(32);
    }

    @Test
    void answersLongerThanTheSimulatorsBoundAreRefused() {
        assertThatThrownBy(() -> length("fast", 100_001, null, true))
                .isInstanceOfSatisfying(SimulationException.class, e -> assertThat(e.problem).isEqualTo(Problem.INVALID_REQUEST))
                .hasMessage("max_tokens with ignore_eos must be at most 100000");
    }

    @Test
    void promptPlusRequestedCompletionBeyondMaxModelLenIsAContextLengthError() {
        Profile profile = Profiles.resolve("c;max_model_len=100");
        CompletionRequest request = new CompletionRequest(false, false, 30, null, null, 80, new long[0]);

        assertThatThrownBy(() -> ContextLimit.fit(profile, Operation.CHAT, request, AnswerLength.of(profile, request)))
                .isInstanceOfSatisfying(SimulationException.class, e -> {
                    assertThat(e.problem).isEqualTo(Problem.CONTEXT_LENGTH_EXCEEDED);
                    assertThat(e.param).isEqualTo("messages");
                })
                .hasMessage("This model's maximum context length is 100 tokens. However, you requested 110 tokens "
                        + "(80 in the messages, 30 in the completion). Please reduce the length of the messages or completion.");
        CompletionRequest fits = new CompletionRequest(false, false, 20, null, null, 80, new long[0]);
        assertThat(ContextLimit.fit(profile, Operation.CHAT, fits, AnswerLength.of(profile, fits)))
                .isEqualTo(new AnswerLength(20, true));
    }

    @Test
    void kvCacheSmallerThanMaxModelLenIsTheLimit() {
        Profile profile = Profiles.resolve("c;max_model_len=1000;kv_cache_tokens=50");
        CompletionRequest request = new CompletionRequest(false, false, 40, null, null, 20, new long[0]);
        assertThatThrownBy(() -> ContextLimit.fit(profile, Operation.TEXT, request, AnswerLength.of(profile, request)))
                .hasMessageContaining("maximum context length is 50 tokens").hasMessageContaining("20 in the prompt, 40 in");
    }

    @Test
    void withoutMaxTokensTheAnswerEndsWhereTheContextDoes() {
        Profile profile = Profiles.resolve("c;max_model_len=40");
        CompletionRequest request = new CompletionRequest(false, false, null, null, null, 30, new long[0]);
        assertThat(ContextLimit.fit(profile, Operation.CHAT, request, AnswerLength.of(profile, request)))
                .isEqualTo(new AnswerLength(10, true));
        CompletionRequest full = new CompletionRequest(false, false, null, null, null, 40, new long[0]);
        assertThatThrownBy(() -> ContextLimit.fit(profile, Operation.CHAT, full, AnswerLength.of(profile, full)))
                .hasMessageContaining("you requested 41 tokens (40 in the messages, 1 in the completion)");
    }

    @Test
    void simulatedContextErrorNamesALimitJustBelowTheRequest() {
        Profile profile = Profiles.resolve("fast");
        CompletionRequest request = new CompletionRequest(false, false, null, null, null, 8, new long[0]);
        assertThat(ContextLimit.simulated(profile, Operation.CHAT, request, AnswerLength.of(profile, request)))
                .hasMessageStartingWith("This model's maximum context length is 39 tokens. However, you requested 40 tokens");
    }
}
