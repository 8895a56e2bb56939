package org.llmlb.producer.simulator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.llmlb.producer.simulator.entity.Profile;

class TokenScheduleTest {

    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    static Profile profile(long ttftMs, double tps, int tokens) {
        return new Profile("p", ttftMs, tps, tokens, 0, "m");
    }

    @Test
    void firstTokenIsDueAfterTtftAndTheRestOnePerTickOfTps() {
        TokenSchedule schedule = TokenSchedule.of(profile(400, 20, 10), null);
        assertThat(schedule.offsetNanos(0)).isEqualTo(400 * MS);
        assertThat(schedule.offsetNanos(1)).isEqualTo(450 * MS);
        assertThat(schedule.offsetNanos(9)).isEqualTo(850 * MS);
        assertThat(schedule.endNanos()).isEqualTo(850 * MS);
    }

    @Test
    void offsetsComeFromTheStartSoFractionalGapsDoNotDrift() {
        // 1/3 s does not divide into whole nanoseconds: adding rounded gaps would drift
        TokenSchedule schedule = TokenSchedule.of(profile(0, 3, 3001), null);
        assertThat(schedule.offsetNanos(3000)).isEqualTo(1000 * 1000 * MS);
        assertThat(schedule.offsetNanos(1)).isEqualTo(333_333_333L);
        assertThat(schedule.offsetNanos(2)).isEqualTo(666_666_667L);
    }

    @Test
    void clientLimitShortensTheAnswerAndMarksItTruncated() {
        Profile profile = profile(20, 200, 32);
        TokenSchedule schedule = TokenSchedule.of(profile, 5);
        assertThat(schedule.tokens()).isEqualTo(5);
        assertThat(schedule.truncated(profile)).isTrue();
        assertThat(schedule.endNanos()).isEqualTo(40 * MS);
    }

    @Test
    void clientLimitAboveTheProfileKeepsTheProfileLength() {
        Profile profile = profile(20, 200, 32);
        TokenSchedule schedule = TokenSchedule.of(profile, 1000);
        assertThat(schedule.tokens()).isEqualTo(32);
        assertThat(schedule.truncated(profile)).isFalse();
    }

    @Test
    void singleTokenAnswerEndsAtTtft() {
        assertThat(TokenSchedule.of(profile(800, 15, 1), null).endNanos()).isEqualTo(800 * MS);
    }

    @Test
    void tokensOutsideTheAnswerHaveNoDueTime() {
        TokenSchedule schedule = TokenSchedule.of(profile(0, 10, 3), null);
        assertThatThrownBy(() -> schedule.offsetNanos(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> schedule.offsetNanos(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
