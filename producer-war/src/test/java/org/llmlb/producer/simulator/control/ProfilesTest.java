package org.llmlb.producer.simulator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.llmlb.producer.simulator.entity.Fault;
import org.llmlb.producer.simulator.entity.Faults;
import org.llmlb.producer.simulator.entity.Problem;
import org.llmlb.producer.simulator.entity.Profile;
import org.llmlb.producer.simulator.entity.Serving;

class ProfilesTest {

    static Profile simple(String name, long ttftMs, double tps, int tokens, double errorRate, String model) {
        Faults faults = new Faults(0, 0, errorRate, 0, 0, 1, 600_000, null);
        return new Profile(name, ttftMs, tps, tokens, model, false, Serving.UNLIMITED, faults);
    }

    @Test
    void builtInProfilesHaveTheDocumentedValues() {
        assertThat(Profiles.resolve("fast")).isEqualTo(simple("fast", 20, 200, 32, 0, "sim-fast"));
        assertThat(Profiles.resolve("slow")).isEqualTo(simple("slow", 800, 15, 128, 0, "sim-slow"));
        assertThat(Profiles.resolve("flaky")).isEqualTo(simple("flaky", 20, 200, 32, 0.3, "sim-flaky"));
    }

    @Test
    void matrixParametersOverrideEveryValue() {
        Profile custom = Profiles.resolve("slow;ttft_ms=50;tps=100;tokens=64;error_rate=0.1;model=m1");
        assertThat(custom).isEqualTo(simple("slow", 50, 100, 64, 0.1, "m1"));
    }

    @Test
    void matrixParametersKeepTheValuesTheyDoNotName() {
        assertThat(Profiles.resolve("slow;tokens=7")).isEqualTo(simple("slow", 800, 15, 7, 0, "sim-slow"));
    }

    @Test
    void unknownNameWithParametersStartsFromFastAndNamesItsModelAfterTheProfile() {
        assertThat(Profiles.resolve("custom;tps=20")).isEqualTo(simple("custom", 20, 20, 32, 0, "sim-custom"));
    }

    @Test
    void unknownNameAloneIsNotFound() {
        assertThatThrownBy(() -> Profiles.resolve("custom"))
                .isInstanceOfSatisfying(SimulationException.class, e -> assertThat(e.problem).isEqualTo(Problem.NOT_FOUND))
                .hasMessageContaining("custom");
    }

    @Test
    void percentEncodedValuesAreDecodedAndPlusStaysAPlus() {
        assertThat(Profiles.resolve("fast;model=org%2Fm+1").model()).isEqualTo("org/m+1");
    }

    @Test
    void emptyParameterSegmentsAreIgnored() {
        assertThat(Profiles.resolve("fast;;tokens=3;").tokens()).isEqualTo(3);
    }

    @Test
    void fractionalTokensPerSecondAreAllowed() {
        assertThat(Profiles.resolve("fast;tps=0.5").tps()).isEqualTo(0.5);
    }

    @Test
    void vllmProfileBatchesLikeAServer() {
        Profile vllm = Profiles.resolve("vllm");
        assertThat(vllm.serving()).isEqualTo(new Serving(64, 8192, 131_072, 0.05, 0.01, 16, 8192));
        assertThat(vllm.model()).isEqualTo("sim-vllm");
    }

    @Test
    void servingParametersOverrideTheBatchingModel() {
        Profile profile = Profiles.resolve("b;max_num_seqs=2;max_model_len=4096;kv_cache_tokens=9000;"
                + "prefill_ms_per_token=0.25;decode_slowdown=0.1;block_size=8;prefix_cache_blocks=50;ignore_eos=true");
        assertThat(profile.serving()).isEqualTo(new Serving(2, 4096, 9000, 0.25, 0.1, 8, 50));
        assertThat(profile.ignoreEos()).isTrue();
        assertThat(profile.serving().contextLimit()).isEqualTo(4096);
    }

    @Test
    void faultParametersSetEachRate() {
        Faults faults = Profiles.resolve("f;throttle_rate=0.1;context_error_rate=0.2;error_rate=0.05;hang_rate=0.15;"
                + "drop_rate=0.3;retry_after_s=7;hang_ms=1500;seed=42").faults();
        assertThat(faults).isEqualTo(new Faults(0.1, 0.2, 0.05, 0.15, 0.3, 7, 1500, 42L));
    }

    @Test
    void faultRatesMayNotAddUpToMoreThanOne() {
        assertThat(Profiles.resolve("f;throttle_rate=0.1;context_error_rate=0.2;drop_rate=0.7").faults().total())
                .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThatThrownBy(() -> Profiles.resolve("f;throttle_rate=0.5;drop_rate=0.6"))
                .hasMessageContaining("together they must be at most 1");
    }

    @Test
    void eachFaultOwnsASliceOfTheDrawAsWideAsItsRate() {
        Faults faults = new Faults(0.1, 0.2, 0.1, 0.1, 0.1, 1, 1, null);
        assertThat(faults.pick(0.05)).isEqualTo(Fault.THROTTLE);
        assertThat(faults.pick(0.25)).isEqualTo(Fault.CONTEXT_LENGTH);
        assertThat(faults.pick(0.35)).isEqualTo(Fault.SERVER_ERROR);
        assertThat(faults.pick(0.45)).isEqualTo(Fault.HANG);
        assertThat(faults.pick(0.55)).isEqualTo(Fault.DROP);
        assertThat(faults.pick(0.6)).isEqualTo(Fault.NONE);
    }

    @Test
    void equalValuesAreTheSameServerWhateverTheOrderOfParameters() {
        assertThat(Profiles.resolve("x;max_num_seqs=2;tokens=5")).isEqualTo(Profiles.resolve("x;tokens=5;max_num_seqs=2"));
        assertThat(Profiles.resolve("x;max_num_seqs=2")).isNotEqualTo(Profiles.resolve("y;max_num_seqs=2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "fast;ttft_ms=-1", "fast;ttft_ms=1.5", "fast;ttft_ms=600001", "fast;ttft_ms=abc",
            "fast;tps=0", "fast;tps=-3", "fast;tps=NaN", "fast;tps=100001",
            "fast;tokens=0", "fast;tokens=100001", "fast;tokens=",
            "fast;error_rate=1.01", "fast;error_rate=-0.1",
            "fast;model=", "fast;model=a%20b",
            "fast;colour=red", "fast;max_num_seqs=-1", "fast;max_num_seqs=1.5", "fast;block_size=0",
            "fast;decode_slowdown=-0.1", "fast;prefill_ms_per_token=NaN", "fast;ignore_eos=yes", "fast;retry_after_s=0",
            "fast;hang_ms=0", "fast;drop_rate=2", "fast;seed=x", "fast;prefix_cache_blocks=100001", "fast;tokens", "bad%20name;tokens=3", "fast;model=%zz"})
    void invalidParametersAreBadRequests(String segment) {
        assertThatThrownBy(() -> Profiles.resolve(segment))
                .isInstanceOfSatisfying(SimulationException.class,
                        e -> assertThat(e.problem).isEqualTo(Problem.INVALID_REQUEST));
    }

    @Test
    void theMessageNamesTheParameterAndItsRange() {
        assertThatThrownBy(() -> Profiles.resolve("fast;error_rate=2"))
                .hasMessage("error_rate must be at least 0 and at most 1");
        assertThatThrownBy(() -> Profiles.resolve("fast;tps=0"))
                .hasMessage("tps must be more than 0 and at most 100000");
    }
}
