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

    @Test
    void aFollowedCooldownSendsNoProbeUntilItsHolderIsGone() {
        assertThat(cooldown.follow(5_000)).as("opened by another replica's cooldown").isTrue();
        assertThat(cooldown.blocks(4_999)).isTrue();
        assertThat(cooldown.tryPass(6_000)).as("the holder probes, not this replica").isFalse();
        assertThat(cooldown.blocks(60_000)).as("still closed to traffic after the period").isTrue();

        cooldown.lead();
        assertThat(cooldown.tryPass(6_000)).as("the holder is gone: this replica probes, once").isTrue();
        assertThat(cooldown.tryPass(6_000)).isFalse();
    }

    @Test
    void aFollowedCooldownClosesWhenItsHolderSaysSoAndMovesWithItsReopening() {
        cooldown.follow(5_000);
        assertThat(cooldown.follow(9_000)).as("already open: not opened again").isFalse();
        assertThat(cooldown.openUntil()).isEqualTo(9_000);
        assertThat(cooldown.success()).as("the holder's probe worked").isTrue();
        assertThat(cooldown.following()).isFalse();
        assertThat(cooldown.blocks(0)).isFalse();
    }

    @Test
    void aLocalProbeInFlightIsNotOverruledByAnotherReplica() {
        for (int i = 0; i < 3; i++) {
            cooldown.failure(0);
        }
        assertThat(cooldown.tryPass(PERIOD)).as("this replica's own probe").isTrue();
        assertThat(cooldown.follow(PERIOD + 5_000)).isFalse();
        assertThat(cooldown.following()).as("the probe's answer decides").isFalse();
        cooldown.failure(PERIOD + 10);
        assertThat(cooldown.openUntil()).isEqualTo(PERIOD + 10 + PERIOD);
    }
}
