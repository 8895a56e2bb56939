package org.llmlb.wsproxy.engine.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.engine.entity.LoadProfile;

class SweepPlanTest {

    static LoadProfile.Sweep sweep(int rates, Double minRate) {
        return new LoadProfile.Sweep(rates, 30, 10, 32, minRate, false, 3);
    }

    static SweepPlan.Step step(long completed, long sent, double ttftP99) {
        return new SweepPlan.Step(completed, sent, ttftP99);
    }

    @Test
    void ratesAreEqualFractionsOfTheMeasuredMaximum() {
        assertThat(SweepPlan.rates(sweep(4, null), 40)).containsExactly(10, 20, 30, 40);
    }

    @Test
    void ratesStartAtTheMinimumWhenOneIsGiven() {
        assertThat(SweepPlan.rates(sweep(3, 2.0), 12)).containsExactly(2, 7, 12);
        // a minimum above what the probe reached still rises to it
        assertThat(SweepPlan.rates(sweep(2, 50.0), 10)).containsExactly(10, 50);
    }

    @Test
    void theKneeIsTheLastRateBeforeCompletionsFallBehind() {
        boolean[] kept = SweepPlan.keptUp(List.of(step(100, 100, 80), step(199, 200, 85), step(300, 300, 90),
                step(330, 400, 95), step(400, 500, 100)), 3);
        assertThat(kept).containsExactly(true, true, true, false, false);
        assertThat(SweepPlan.knee(kept)).isEqualTo(2);
    }

    @Test
    void theKneeIsTheLastRateBeforeTtftJumps() {
        boolean[] kept = SweepPlan.keptUp(List.of(step(100, 100, 80), step(200, 200, 200), step(300, 300, 241)), 3);
        assertThat(kept).containsExactly(true, true, false);
        assertThat(SweepPlan.knee(kept)).isEqualTo(1);
    }

    @Test
    void oneRequestOfSlackAtTheWindowsEdges() {
        // 98 % of 50 is 49, less one: 48 completions still keep up, 47 do not
        assertThat(SweepPlan.keptUp(List.of(step(48, 50, 10)), 3)).containsExactly(true);
        assertThat(SweepPlan.keptUp(List.of(step(47, 50, 10)), 3)).containsExactly(false);
    }

    @Test
    void aKneeAfterALaterRecoveryIsNotTaken() {
        boolean[] kept = SweepPlan.keptUp(List.of(step(10, 10, 10), step(5, 20, 10), step(30, 30, 10)), 3);
        assertThat(SweepPlan.knee(kept)).isZero();
    }

    @Test
    void noKneeWhenEvenTheLowestRateFellBehindOrNothingWasSent() {
        assertThat(SweepPlan.knee(SweepPlan.keptUp(List.of(step(5, 10, 10), step(10, 20, 10)), 3))).isNull();
        assertThat(SweepPlan.knee(SweepPlan.keptUp(List.of(step(0, 0, 10)), 3))).isNull();
        assertThat(SweepPlan.knee(new boolean[0])).isNull();
    }
}
