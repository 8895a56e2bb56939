package org.llmlb.wsproxy.engine.control;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few families of a Prometheus text page that a run charts beside its own numbers: vLLM's
 * (and the simulator's) scheduler and KV-cache gauges, summed over their labels, and the
 * balancer's per-endpoint in-flight gauge and request and failure counters, one value per
 * endpoint. Anything else on the page is skipped, so a large page costs one pass.
 */
final class PrometheusText {

    static final String RUNNING = "vllm:num_requests_running";
    static final String WAITING = "vllm:num_requests_waiting";
    static final String KV_CACHE = "vllm:kv_cache_usage_perc";
    static final String INFLIGHT = "lb_endpoint_inflight";
    static final String REQUESTS = "lb_endpoint_requests_total";
    static final String FAILURES = "lb_endpoint_failures_total";

    private PrometheusText() {
    }

    /** Chosen samples by key: a vLLM family's name, or a balancer family's name, "/" and the endpoint. */
    static Map<String, Double> read(String text) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            if (space < 0) {
                continue;
            }
            int nameEnd = brace >= 0 && brace < space ? brace : space;
            String name = line.substring(0, nameEnd);
            String key;
            if (name.equals(RUNNING) || name.equals(WAITING) || name.equals(KV_CACHE)) {
                key = name;
            } else if (name.equals(INFLIGHT) || name.equals(REQUESTS) || name.equals(FAILURES)) {
                String endpoint = label(line, nameEnd, "endpoint");
                if (endpoint == null) {
                    continue;
                }
                key = name + "/" + endpoint;
            } else {
                continue;
            }
            int labelsEnd = brace >= 0 && brace < space ? line.indexOf('}', brace) : nameEnd;
            if (labelsEnd < 0) {
                continue;
            }
            String[] rest = line.substring(labelsEnd + 1).trim().split("\\s+");
            try {
                double v = Double.parseDouble(rest[0]);
                values.merge(key, v, Double::sum);
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException malformed) {
                // a line we cannot read is one value less, not a failed sample
            }
        }
        return values;
    }

    /** The value of label {@code name} in the braces after {@code from}; null without it. */
    private static String label(String line, int from, String name) {
        int at = line.indexOf(name + "=\"", from);
        if (at < 0) {
            return null;
        }
        StringBuilder value = new StringBuilder();
        for (int i = at + name.length() + 2; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                value.append(line.charAt(++i));
            } else if (c == '"') {
                return value.toString();
            } else {
                value.append(c);
            }
        }
        return null;
    }
}
