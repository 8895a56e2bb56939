package org.llmlb.producer.simulator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.llmlb.producer.simulator.entity.Problem;
import org.llmlb.producer.simulator.entity.Profile;

class ProfilesTest {

    @Test
    void builtInProfilesHaveTheDocumentedValues() {
        assertThat(Profiles.resolve("fast")).isEqualTo(new Profile("fast", 20, 200, 32, 0, "sim-fast"));
        assertThat(Profiles.resolve("slow")).isEqualTo(new Profile("slow", 800, 15, 128, 0, "sim-slow"));
        assertThat(Profiles.resolve("flaky")).isEqualTo(new Profile("flaky", 20, 200, 32, 0.3, "sim-flaky"));
    }

    @Test
    void matrixParametersOverrideEveryValue() {
        Profile custom = Profiles.resolve("slow;ttft_ms=50;tps=100;tokens=64;error_rate=0.1;model=m1");
        assertThat(custom).isEqualTo(new Profile("slow", 50, 100, 64, 0.1, "m1"));
    }

    @Test
    void matrixParametersKeepTheValuesTheyDoNotName() {
        assertThat(Profiles.resolve("slow;tokens=7")).isEqualTo(new Profile("slow", 800, 15, 7, 0, "sim-slow"));
    }

    @Test
    void unknownNameWithParametersStartsFromFastAndNamesItsModelAfterTheProfile() {
        assertThat(Profiles.resolve("custom;tps=20")).isEqualTo(new Profile("custom", 20, 20, 32, 0, "sim-custom"));
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

    @ParameterizedTest
    @ValueSource(strings = {
            "fast;ttft_ms=-1", "fast;ttft_ms=1.5", "fast;ttft_ms=600001", "fast;ttft_ms=abc",
            "fast;tps=0", "fast;tps=-3", "fast;tps=NaN", "fast;tps=100001",
            "fast;tokens=0", "fast;tokens=100001", "fast;tokens=",
            "fast;error_rate=1.01", "fast;error_rate=-0.1",
            "fast;model=", "fast;model=a%20b",
            "fast;colour=red", "fast;tokens", "bad%20name;tokens=3", "fast;model=%zz"})
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
