package org.llmlb.wsproxy.report.entity;

import java.time.Instant;
import java.util.List;

import org.llmlb.wsproxy.engine.entity.ServerSignals;
import org.llmlb.wsproxy.engine.entity.Summary;
import org.llmlb.wsproxy.engine.entity.TimelinePoint;

/** Everything a run's report shows, taken at one moment. */
public record Report(String id, String name, String state, Instant startedAt, Instant endedAt, CardView card,
                     Summary summary, List<TimelinePoint> timeline, Environment environment,
                     ServerSignals signals) {
}
