package org.llmlb.producer.simulator.boundary;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.producer.simulator.control.Instance;

/**
 * vLLM's per-response load report: a request that asks with {@code endpoint-load-metrics-format:
 * TEXT} (or {@code JSON}) gets the server's queue and KV-cache use at its arrival in an
 * {@code endpoint-load-metrics} header, in vLLM's (ORCA) names. Other formats get no header, as
 * from vLLM.
 */
final class LoadReport {

    static final String REQUEST_HEADER = "endpoint-load-metrics-format";
    static final String RESPONSE_HEADER = "endpoint-load-metrics";

    private LoadReport() {
    }

    static void add(HttpServletRequest request, HttpServletResponse response, Instance instance) {
        String format = request.getHeader(REQUEST_HEADER);
        if (format == null) {
            return;
        }
        String value = of(format.trim().toUpperCase(Locale.ROOT), instance.load());
        if (value != null) {
            response.setHeader(RESPONSE_HEADER, value);
        }
    }

    static String of(String format, Instance.Load load) {
        String kv = String.format(Locale.ROOT, "%.4f", load.kvCacheUsage());
        String waiting = load.waiting() + ".0";
        String running = load.running() + ".0";
        return switch (format) {
            case "TEXT" -> "TEXT named_metrics.kv_cache_usage_perc=" + kv
                    + ", named_metrics.num_requests_waiting=" + waiting
                    + ", named_metrics.num_requests_running=" + running;
            case "JSON" -> "JSON {\"named_metrics\":{\"kv_cache_usage_perc\":" + kv
                    + ",\"num_requests_waiting\":" + waiting + ",\"num_requests_running\":" + running + "}}";
            default -> null;
        };
    }
}
