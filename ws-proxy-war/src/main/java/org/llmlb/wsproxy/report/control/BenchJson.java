package org.llmlb.wsproxy.report.control;

import java.util.LinkedHashMap;
import java.util.Map;

import org.llmlb.wsproxy.engine.entity.Percentiles;
import org.llmlb.wsproxy.engine.entity.Summary;
import org.llmlb.wsproxy.report.entity.Report;

/**
 * A report as JSON in the names vLLM's {@code bench serve} writes ({@code request_throughput},
 * {@code median_ttft_ms}, {@code p99_e2el_ms}, …) where ours mean the same thing, so scripts
 * that read its results read ours; everything else under {@code llmlb}. Like vLLM's,
 * {@code completed} and the request throughput count successful requests only.
 */
public final class BenchJson {

    private BenchJson() {
    }

    public static Map<String, Object> of(Report r) {
        Summary s = r.summary();
        Map<String, Object> profile = r.card().profile();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("date", r.startedAt());
        out.put("backend", "openai-chat");
        out.put("model_id", r.card().model());
        out.put("base_url", r.card().baseUrl());
        out.put("num_prompts", s.offered());
        out.put("request_rate", "constant_rate".equals(profile.get("type")) ? profile.get("rate")
                : "constant_concurrency".equals(profile.get("type")) ? "inf" : null);
        out.put("max_concurrency", profile.get("concurrency"));
        out.put("duration", s.durationSeconds());
        long completed = s.requests() - s.errors();
        out.put("completed", completed);
        out.put("failed", s.errors());
        out.put("total_input_tokens", s.promptTokens());
        out.put("total_output_tokens", s.outputTokens());
        double seconds = s.durationSeconds();
        out.put("request_throughput", seconds > 0 ? completed / seconds : null);
        out.put("request_goodput", s.slo() == null || s.slo().isEmpty() ? null : s.goodput());
        out.put("output_throughput", seconds > 0 ? s.outputTokensPerSecond() : null);
        out.put("total_token_throughput", seconds > 0 ? (s.promptTokens() + s.outputTokens()) / seconds : null);
        latency(out, "ttft", s.ttftMs());
        latency(out, "tpot", s.tpotMs());
        latency(out, "itl", s.itlMs());
        latency(out, "e2el", s.e2eMs());
        out.put("llmlb", r);
        return out;
    }

    private static void latency(Map<String, Object> out, String name, Percentiles p) {
        out.put("mean_" + name + "_ms", p == null ? null : p.mean());
        out.put("median_" + name + "_ms", p == null ? null : p.p50());
        out.put("p90_" + name + "_ms", p == null ? null : p.p90());
        out.put("p95_" + name + "_ms", p == null ? null : p.p95());
        out.put("p99_" + name + "_ms", p == null ? null : p.p99());
    }
}
