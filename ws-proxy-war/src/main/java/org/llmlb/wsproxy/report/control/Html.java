package org.llmlb.wsproxy.report.control;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.llmlb.wsproxy.engine.entity.ErrorCount;
import org.llmlb.wsproxy.engine.entity.Percentiles;
import org.llmlb.wsproxy.engine.entity.SloResult;
import org.llmlb.wsproxy.engine.entity.Summary;
import org.llmlb.wsproxy.report.entity.CardView;
import org.llmlb.wsproxy.report.entity.Environment;
import org.llmlb.wsproxy.report.entity.Report;

/**
 * A run's report as one self-contained HTML page: no scripts, no links to fetch, styles and SVG
 * charts inline, so it can be mailed or attached as it is. Every value is escaped.
 */
public final class Html {

    public static final String STYLE = """
            body{font:14px/1.45 system-ui,sans-serif;color:#111;margin:24px auto;max-width:1180px;padding:0 16px}
            h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:22px 0 6px;border-bottom:2px solid #111}
            table{border-collapse:collapse;margin:0 0 12px;font-variant-numeric:tabular-nums}td,th{padding:2px 10px;border-bottom:1px solid #ddd;text-align:right}
            th:first-child,td:first-child{text-align:left}th{background:#f5f5f5}.muted{color:#666}
            .charts{display:flex;flex-wrap:wrap;gap:12px}svg.chart{width:560px;max-width:100%;border:1px solid #ddd}
            svg text{font:11px system-ui,sans-serif;fill:#666}svg text.title{fill:#111;font-weight:600}svg .grid{stroke:#eee}
            .pass,.better{color:#137333}.fail,.worse{color:#b00020}.same{color:#666}.diff{font-size:12px;margin-left:6px}
            """;

    private Html() {
    }

    public static String render(Report r) {
        Summary s = r.summary();
        CardView c = r.card();
        StringBuilder h = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
        h.append(escape("Run report: " + name(r))).append("</title><style>").append(STYLE).append("</style></head><body>");
        h.append("<h1>Run report: ").append(escape(name(r))).append("</h1><p class=\"muted\">run ").append(escape(r.id()))
                .append(" · ").append(escape(r.state())).append(" · started ").append(escape(String.valueOf(r.startedAt())))
                .append(" · ended ").append(escape(r.endedAt() == null ? "not yet" : r.endedAt().toString())).append("</p>");
        h.append("<h2>Summary</h2>").append(table(List.of(
                row("Requests (completed / offered)", s.requests() + " / " + s.offered()),
                row("Errors", s.errors() + " (" + Svg.number(s.errorRate() * 100) + " %)"),
                row("Duration", Svg.number(s.durationSeconds()) + " s"),
                row("Throughput", Svg.number(s.requestsPerSecond()) + " req/s"),
                row("Output tokens", Svg.number(s.outputTokensPerSecond()) + " tok/s" + (s.tokensEstimated() ? " (counted)" : "")),
                row("Prompt / output tokens", s.promptTokens() + " / " + s.outputTokens()),
                row("Goodput", s.slo() == null || s.slo().isEmpty() ? "– (no SLO)" : Svg.number(s.goodput()) + " req/s"))));
        h.append("<table><tr><th>Latency (ms)</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>mean</th></tr>");
        latency(h, "TTFT", s.ttftMs());
        latency(h, "ITL", s.itlMs());
        latency(h, "TPOT", s.tpotMs());
        latency(h, "End-to-end", s.e2eMs());
        h.append("</table>");
        if (s.slo() != null && !s.slo().isEmpty()) {
            h.append("<h2>SLO</h2><table><tr><th>Threshold</th><th>limit</th><th>measured</th><th></th></tr>");
            for (Map.Entry<String, SloResult> e : s.slo().entrySet()) {
                SloResult v = e.getValue();
                h.append("<tr><td>").append(escape(e.getKey())).append("</td><td>").append(Svg.number(v.threshold()))
                        .append("</td><td>").append(v.measured() == null ? "–" : Svg.number(v.measured())).append("</td><td class=\"")
                        .append(v.pass() ? "pass\">pass" : "fail\">fail").append("</td></tr>");
            }
            h.append("</table>");
        }
        if (s.errorsBy() != null && !s.errorsBy().isEmpty()) {
            h.append("<h2>Errors</h2><table><tr><th>Status</th><th>code</th><th>count</th><th>first message</th></tr>");
            for (ErrorCount e : s.errorsBy()) {
                h.append("<tr><td>").append(e.status()).append("</td><td>").append(escape(e.code())).append("</td><td>")
                        .append(e.count()).append("</td><td>").append(escape(e.message())).append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<h2>Per second</h2><div class=\"charts\">").append(Charts.all(r.timeline())).append("</div>");
        h.append("<h2>Card</h2>").append(table(List.of(row("Name", c.name()), row("Base URL", c.baseUrl()),
                row("Model", c.model()), row("Profile", profile(c.profile())),
                row("Prompts", c.promptSource() + (c.preset() == null ? "" : " " + c.preset()) + ", " + c.turns()
                        + " turn(s), seed " + c.seed()),
                row("Model config", c.modelConfig() == null ? "–" : "max_tokens " + c.modelConfig().maxTokens() + ", temperature "
                        + c.modelConfig().temperature() + ", stream " + c.modelConfig().stream()),
                row("Stop after", (c.requestCount() == null ? "" : c.requestCount() + " requests ")
                        + (c.durationSeconds() == null ? "" : Svg.number(c.durationSeconds()) + " s")),
                row("Response cache", c.useCache() ? "allowed" : "bypassed (Cache-Control: no-cache)"))));
        Environment e = r.environment();
        h.append("<h2>Environment</h2>").append(table(List.of(row("Java", e.java() + " (" + e.jvm() + ")"),
                row("OS", e.os() + " " + e.arch()), row("CPUs", String.valueOf(e.cpus())),
                row("Max heap", e.maxHeapMb() + " MiB"), row("Report made", String.valueOf(e.generatedAt())))));
        return h.append("</body></html>").toString();
    }

    /** A card's profile in words: {@code constant_rate, rate 5.0, poisson true}. */
    public static String profile(Map<String, Object> p) {
        StringBuilder t = new StringBuilder(String.valueOf(p.get("type")));
        p.forEach((k, v) -> {
            if (!k.equals("type")) {
                t.append(", ").append(k).append(' ').append(v);
            }
        });
        return t.toString();
    }

    private static String name(Report r) {
        return r.name() == null || r.name().isBlank() ? r.id() : r.name();
    }

    private static String[] row(String label, String value) {
        return new String[] {label, value == null ? "–" : value};
    }

    private static String table(List<String[]> rows) {
        StringBuilder t = new StringBuilder("<table>");
        for (String[] r : rows) {
            t.append("<tr><th>").append(escape(r[0])).append("</th><td style=\"text-align:left\">").append(escape(r[1]))
                    .append("</td></tr>");
        }
        return t.append("</table>").toString();
    }

    private static void latency(StringBuilder h, String label, Percentiles p) {
        h.append("<tr><td>").append(label).append("</td>");
        for (Double v : p == null ? new Double[] {null, null, null, null, null}
                : new Double[] {p.p50(), p.p90(), p.p95(), p.p99(), p.mean()}) {
            h.append("<td>").append(v == null ? "–" : String.format(Locale.ROOT, "%.1f", v)).append("</td>");
        }
        h.append("</tr>");
    }

    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
