package org.llmlb.wsproxy.engine.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.engine.entity.RequestRecord;
import org.llmlb.wsproxy.engine.entity.TimelinePoint;

class TimelineTest {

    static final long MS = 1_000_000;

    static RequestRecord ok(long ttftMs, long e2eMs, long tokens, long... gapsMs) {
        long[] gaps = new long[gapsMs.length];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = gapsMs[i] * MS;
        }
        return new RequestRecord(200, false, ttftMs * MS, e2eMs * MS, gaps, tokens, false);
    }

    @Test
    void completionsAreCountedInTheSecondTheyEndWithTheirMeans() {
        Timeline t = new Timeline();
        t.record(200 * MS, ok(10, 100, 5, 20, 40));
        t.record(900 * MS, ok(30, 300, 7, 30));
        t.record(2_500 * MS, new RequestRecord(500, true, -1, 50 * MS, new long[0], 0, false));

        List<TimelinePoint> points = t.points();

        assertThat(points).hasSize(3);
        assertThat(points.get(0)).isEqualTo(new TimelinePoint(0, 2, 0, 12, 20.0, 200.0, 30.0));
        assertThat(points.get(1)).as("a quiet second is zero, its means unknown")
                .isEqualTo(new TimelinePoint(1, 0, 0, 0, null, null, null));
        assertThat(points.get(2)).as("an error counts but measures no latency")
                .isEqualTo(new TimelinePoint(2, 1, 1, 0, null, null, null));
    }

    @Test
    void nothingCompletedIsAnEmptyTimeline() {
        assertThat(new Timeline().points()).isEmpty();
    }

    @Test
    void completionsPastTheLimitGoIntoTheLastSecond() {
        Timeline t = new Timeline();
        t.record((Timeline.MAX_SECONDS + 100L) * 1_000 * MS, ok(1, 2, 1));

        assertThat(t.points()).hasSize(Timeline.MAX_SECONDS).last().extracting(TimelinePoint::requests).isEqualTo(1L);
    }
}
