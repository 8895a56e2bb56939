package org.llmlb.wsproxy.engine.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.engine.entity.SelfCheck;

class ScheduleWatchTest {

    static final long MS = 1_000_000;
    static final long S = 1_000 * MS;
    static final long T0 = 5 * S;

    final EngineCpu cpu = new EngineCpu(Executors.defaultThreadFactory());

    /** 10 requests/s for {@code seconds}, each sent {@code lateMs} after its time. */
    ScheduleWatch evenly(double seconds, long lateMs, int sent) {
        ScheduleWatch watch = new ScheduleWatch(Arrivals.evenly(10), Long.MAX_VALUE, T0, T0 + Math.round(seconds * S), cpu);
        for (int i = 0; i < sent; i++) {
            watch.sent(T0 + i * 100 * MS, T0 + i * 100 * MS + lateMs * MS);
        }
        return watch;
    }

    @Test
    void onTimeAndAtTheRequestedRateIsNoBottleneck() {
        ScheduleWatch watch = evenly(10, 1, 100);
        watch.sendingEnded(T0 + 10 * S);

        SelfCheck check = watch.check(T0 + 12 * S);

        assertThat(check.requestedRate()).isCloseTo(10, within(1e-9));
        assertThat(check.achievedRate()).isCloseTo(10, within(1e-9));
        assertThat(check.scheduleLagMs().p50()).isCloseTo(1, within(0.01));
        assertThat(check.scheduleLagMs().p99()).isCloseTo(1, within(0.01));
        assertThat(check.clientBottleneck()).isFalse();
        assertThat(check.warning()).isNull();
        assertThat(check.cpus()).isPositive();
    }

    @Test
    void lagOverTenMillisecondsAtP99IsABottleneck() {
        SelfCheck check = evenly(10, 25, 100).check(T0 + 10 * S);

        assertThat(check.clientBottleneck()).isTrue();
        assertThat(check.warning()).contains("schedule lag p99 25.0 ms");
    }

    @Test
    void sendingLessThanNinetyEightPercentOfThePlanIsABottleneck() {
        // 90 of the 100 planned went out within the 10 s
        SelfCheck check = evenly(10, 0, 90).check(T0 + 10 * S);

        assertThat(check.requestedRate()).isCloseTo(10, within(1e-9));
        assertThat(check.achievedRate()).isCloseTo(9, within(1e-9));
        assertThat(check.clientBottleneck()).isTrue();
        assertThat(check.warning()).contains("under 98 % of the requested 10.0/s");
    }

    @Test
    void whileRunningThePlanCountsWhatIsDueByNow() {
        ScheduleWatch watch = evenly(10, 0, 31);

        assertThat(watch.plannedBy(T0 + 3 * S)).isEqualTo(31);
        assertThat(watch.check(T0 + 3 * S).clientBottleneck()).isFalse();
        assertThat(watch.plannedBy(T0 + 60 * S)).isEqualTo(100);
    }

    @Test
    void sendsAfterTheDeadlineAreNotInTheWindow() {
        ScheduleWatch watch = new ScheduleWatch(Arrivals.evenly(10), Long.MAX_VALUE, T0, T0 + S, cpu);
        for (int i = 0; i < 10; i++) {
            // so late that the second half went out after the end of the run's duration
            watch.sent(T0 + i * 100 * MS, T0 + i * 200 * MS);
        }

        SelfCheck check = watch.check(T0 + 2 * S);

        assertThat(check.achievedRate()).isCloseTo(5, within(1e-9));
        assertThat(check.requestedRate()).isCloseTo(10, within(1e-9));
        assertThat(check.clientBottleneck()).isTrue();
    }

    @Test
    void aClosedLoopHasNoRequestedRate() {
        ScheduleWatch watch = new ScheduleWatch(null, 10, T0, Long.MAX_VALUE, cpu);
        watch.sent(T0, T0);
        watch.countReached();

        SelfCheck check = watch.check(T0 + S);

        assertThat(check.requestedRate()).isNull();
        assertThat(watch.plannedBy(T0 + S)).isNull();
        assertThat(check.clientBottleneck()).isFalse();
    }
}
