package org.llmlb.balancer.routing.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CooldownTest {

    static final long PERIOD = 20_000;
    final Cooldown cooldown = new Cooldown(3, PERIOD);

    @Test
    void staysClosedBelowTheThreshold() {
        cooldown.failure(0);
        cooldown.failure(0);
        assertThat(cooldown.blocks(0)).isFalse();
        assertThat(cooldown.inCooldown(0)).isFalse();
        assertThat(cooldown.consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void opensAfterThresholdConsecutiveFailures() {
        for (int i = 0; i < 3; i++) {
            cooldown.failure(1_000);
        }
        assertThat(cooldown.blocks(1_000)).isTrue();
        assertThat(cooldown.tryPass(1_000 + PERIOD - 1)).isFalse();
        assertThat(cooldown.openUntil()).isEqualTo(1_000 + PERIOD);
    }

    @Test
    void successInBetweenResetsTheCount() {
        cooldown.failure(0);
        cooldown.failure(0);
        cooldown.success();
        cooldown.failure(0);
        assertThat(cooldown.blocks(0)).isFalse();
    }

    @Test
    void halfOpensAfterThePeriodWithExactlyOneProbe() {
        open();
        long later = PERIOD;
        assertThat(cooldown.blocks(later)).isFalse();
        assertThat(cooldown.tryPass(later)).isTrue();
        assertThat(cooldown.tryPass(later)).as("second request while the probe runs").isFalse();
        assertThat(cooldown.blocks(later)).isTrue();
    }

    @Test
    void closesWhenTheProbeSucceeds() {
        open();
        assertThat(cooldown.tryPass(PERIOD)).isTrue();
        cooldown.success();
        assertThat(cooldown.blocks(PERIOD)).isFalse();
        assertThat(cooldown.tryPass(PERIOD)).isTrue();
        assertThat(cooldown.tryPass(PERIOD)).isTrue();
        assertThat(cooldown.consecutiveFailures()).isZero();
    }

    @Test
    void reopensWhenTheProbeFails() {
        open();
        assertThat(cooldown.tryPass(PERIOD)).isTrue();
        cooldown.failure(PERIOD);
        assertThat(cooldown.blocks(PERIOD + 1)).isTrue();
        assertThat(cooldown.openUntil()).isEqualTo(2 * PERIOD);
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            cooldown.failure(0);
        }
    }
}
