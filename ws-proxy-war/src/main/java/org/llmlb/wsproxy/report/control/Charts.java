package org.llmlb.wsproxy.report.control;

import java.util.List;

import org.llmlb.wsproxy.engine.entity.TimelinePoint;
import org.llmlb.wsproxy.report.control.Svg.Series;

/** The report's charts of a run's timeline: throughput, tokens, and mean latencies per second. */
final class Charts {

    private Charts() {
    }

    static String all(List<TimelinePoint> t) {
        if (t.isEmpty()) {
            return "<p class=\"muted\">No request completed.</p>";
        }
        return Svg.chart("Requests/s", "", t, List.of(
                new Series("completed", "#0a58ca", "", p -> (double) p.requests()),
                new Series("errors", "#b00020", "4 3", p -> (double) p.errors())))
                + Svg.chart("Output tokens/s", "", t, List.of(
                new Series("output tokens", "#2b8a3e", "", p -> (double) p.outputTokens())))
                + Svg.chart("Latency, mean per second", "ms", t, List.of(
                new Series("TTFT", "#0a58ca", "", TimelinePoint::ttftMsMean),
                new Series("end-to-end", "#d9480f", "6 3", TimelinePoint::e2eMsMean)))
                + Svg.chart("Inter-token latency, mean per second", "ms", t, List.of(
                new Series("ITL", "#7048e8", "", TimelinePoint::itlMsMean)));
    }
}
