package org.llmlb.balancer.stats.control;

import java.time.Clock;

/** Statistics as the container would make them, for tests in other components. */
public final class StatisticsFixture {

    private StatisticsFixture() {
    }

    public static Statistics statistics(Clock clock) {
        Statistics statistics = new Statistics();
        statistics.clock = clock;
        statistics.init();
        return statistics;
    }
}
