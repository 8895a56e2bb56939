package org.llmlb.wsproxy.compare.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.llmlb.wsproxy.compare.entity.ComparedRun;
import org.llmlb.wsproxy.compare.entity.Comparison;
import org.llmlb.wsproxy.compare.entity.Difference;
import org.llmlb.wsproxy.compare.entity.MetricInfo;
import org.llmlb.wsproxy.engine.entity.TimelinePoint;
import org.llmlb.wsproxy.report.control.Html;
import org.llmlb.wsproxy.report.control.Svg;

/** A comparison as one self-contained HTML page: the table of differences and the runs' seconds overlaid. */
public final class ComparisonHtml {

    private static final String[] COLOURS = {"#0a58ca", "#d9480f", "#2b8a3e", "#7048e8", "#0c8599", "#c2255c", "#5c940d", "#e67700"};

    private static final Map<String, String> LABELS = Map.of("request_throughput", "Throughput", "output_throughput",
            "Output tokens", "ttft_p50_ms", "TTFT p50", "ttft_p99_ms", "TTFT p99", "itl_p50_ms", "ITL p50", "itl_p99_ms",
            "ITL p99", "e2e_p50_ms", "E2E p50", "e2e_p99_ms", "E2E p99", "error_rate", "Error rate", "goodput", "Goodput");

    private ComparisonHtml() {
    }

    /** {@code timelines} by run id. */
    public static String render(Comparison c, Map<String, List<TimelinePoint>> timelines) {
        StringBuilder h = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
        String names = String.join(" vs ", c.runs().stream().map(ComparisonHtml::name).toList());
        h.append(Html.escape("Comparison: " + names)).append("</title><style>").append(Html.STYLE).append("</style></head><body>");
        h.append("<h1>Comparison: ").append(Html.escape(names)).append("</h1><p class=\"muted\">differences against the first run, ")
                .append(Html.escape(name(c.runs().get(0)))).append(": <span class=\"better\">better</span> · ")
                .append("<span class=\"worse\">worse</span> · <span class=\"same\">within 1 %</span></p>");
        h.append("<table><tr><th>Metric</th>");
        for (int i = 0; i < c.runs().size(); i++) {
            ComparedRun r = c.runs().get(i);
            h.append("<th style=\"text-align:left;border-top:4px solid ").append(COLOURS[i % COLOURS.length]).append("\">")
                    .append(Html.escape(name(r))).append("<br><small class=\"muted\">").append(Html.escape(r.baseUrl()))
                    .append("<br>").append(Html.escape(Html.profile(r.profile()))).append(" · ").append(r.requests())
                    .append(" requests in ").append(Svg.number(r.durationSeconds())).append(" s</small></th>");
        }
        h.append("</tr>");
        for (MetricInfo m : c.metrics()) {
            h.append("<tr><td title=\"").append(Html.escape(m.name() + ": " + m.better() + " is better")).append("\">")
                    .append(Html.escape(LABELS.getOrDefault(m.name(), m.name()))).append(m.unit().isEmpty() ? "" : " (" + Html.escape(m.unit()) + ")")
                    .append("</td>");
            for (ComparedRun r : c.runs()) {
                Double v = r.metrics().get(m.name());
                h.append("<td>").append(v == null ? "–" : Svg.number(v));
                Difference d = r.differences().get(m.name());
                if (d != null && d.change() != null) {
                    h.append("<span class=\"diff ").append(d.change()).append("\">").append(signed(d.absolute()))
                            .append(d.percent() == null ? "" : " (" + signed(d.percent()) + " %)").append("</span>");
                }
                h.append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table><h2>Per second</h2><div class=\"charts\">");
        h.append(chart("Requests/s", "", c, timelines, p -> (double) p.requests()));
        h.append(chart("Output tokens/s", "", c, timelines, p -> (double) p.outputTokens()));
        h.append(chart("TTFT, mean per second", "ms", c, timelines, TimelinePoint::ttftMsMean));
        h.append(chart("End-to-end, mean per second", "ms", c, timelines, TimelinePoint::e2eMsMean));
        h.append(chart("ITL, mean per second", "ms", c, timelines, TimelinePoint::itlMsMean));
        return h.append("</div></body></html>").toString();
    }

    private static String chart(String title, String unit, Comparison c, Map<String, List<TimelinePoint>> timelines,
                                Function<TimelinePoint, Double> value) {
        List<Svg.Line> lines = new ArrayList<>();
        for (int i = 0; i < c.runs().size(); i++) {
            ComparedRun r = c.runs().get(i);
            List<TimelinePoint> t = timelines.getOrDefault(r.id(), List.of());
            lines.add(Svg.Line.of(new Svg.Series(name(r), COLOURS[i % COLOURS.length], "", value), t));
        }
        return Svg.chart(title, unit, lines);
    }

    private static String signed(Double v) {
        return (v > 0 ? "+" : v < 0 ? "−" : "±") + Svg.number(Math.abs(v));
    }

    private static String name(ComparedRun r) {
        return r.name() == null || r.name().isBlank() ? r.id() : r.name();
    }
}
