package org.llmlb.balancer.routing.control;

import org.llmlb.balancer.routing.entity.ServerLoad;

/**
 * Reads vLLM's per-response load report: the balancer asks for it with
 * {@code endpoint-load-metrics-format: TEXT} and a vLLM server answers, for example,
 * {@code endpoint-load-metrics: TEXT named_metrics.kv_cache_usage_perc=0.4, named_metrics.num_requests_waiting=3.0}.
 * The JSON form ({@code JSON {"named_metrics": {...}}}) is read too. Anything else is no report.
 * No allocation but the result: this runs on every answer head.
 */
public final class LoadReports {

    public static final String REQUEST_HEADER = "endpoint-load-metrics-format";
    public static final String REQUEST_FORMAT = "TEXT";
    public static final String RESPONSE_HEADER = "endpoint-load-metrics";

    private static final String WAITING = "num_requests_waiting";
    private static final String KV_CACHE = "kv_cache_usage_perc";

    private LoadReports() {
    }

    /** @return the report, or null when the header is missing, in another format, or names neither value */
    public static ServerLoad parse(String header, long nowMillis) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        double waiting;
        double kv;
        if (value.regionMatches(true, 0, "TEXT ", 0, 5)) {
            waiting = textValue(value, "named_metrics." + WAITING);
            kv = textValue(value, "named_metrics." + KV_CACHE);
        } else if (value.regionMatches(true, 0, "JSON ", 0, 5)) {
            waiting = jsonValue(value, WAITING);
            kv = jsonValue(value, KV_CACHE);
        } else {
            return null;
        }
        if (Double.isNaN(waiting) && Double.isNaN(kv)) {
            return null;
        }
        return new ServerLoad(waiting, kv, nowMillis);
    }

    /** {@code name=number}, entries separated by commas. */
    private static double textValue(String header, String name) {
        int at = header.indexOf(name + "=");
        if (at < 0) {
            return Double.NaN;
        }
        int start = at + name.length() + 1;
        int end = header.indexOf(',', start);
        return number(header, start, end < 0 ? header.length() : end);
    }

    /** {@code "name": number} anywhere in the object (the names are unique in a report). */
    private static double jsonValue(String header, String name) {
        int at = header.indexOf('"' + name + '"');
        if (at < 0) {
            return Double.NaN;
        }
        int colon = header.indexOf(':', at + name.length() + 2);
        if (colon < 0) {
            return Double.NaN;
        }
        int end = colon + 1;
        while (end < header.length() && ",}".indexOf(header.charAt(end)) < 0) {
            end++;
        }
        return number(header, colon + 1, end);
    }

    private static double number(String text, int start, int end) {
        try {
            double v = Double.parseDouble(text.substring(start, end).trim());
            return Double.isFinite(v) && v >= 0 ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
