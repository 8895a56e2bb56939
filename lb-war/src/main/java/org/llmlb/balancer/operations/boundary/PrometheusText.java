package org.llmlb.balancer.operations.boundary;

import org.llmlb.balancer.stats.control.Histogram;

/**
 * Builder of the Prometheus text exposition format 0.0.4: families with HELP and TYPE, samples
 * with escaped label values. Endpoint names are user input, so every label value and help text
 * goes through the escaping the format prescribes.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);

    PrometheusText family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** @param labels name, value, name, value, … */
    PrometheusText sample(String name, double value, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"").append(escapeLabel(labels[i + 1])).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
        return this;
    }

    PrometheusText histogram(String name, String help, Histogram.Snapshot snapshot) {
        family(name, "histogram", help);
        return series(name, snapshot);
    }

    /** One labelled series of a histogram family declared before; {@code label} is a name/value pair or nothing. */
    PrometheusText series(String name, Histogram.Snapshot snapshot, String... label) {
        double[] bounds = snapshot.bounds();
        long[] cumulative = snapshot.cumulative();
        for (int i = 0; i < bounds.length; i++) {
            sample(name + "_bucket", cumulative[i], with(label, "le", number(bounds[i])));
        }
        sample(name + "_bucket", snapshot.count(), with(label, "le", "+Inf"));
        sample(name + "_sum", snapshot.sumSeconds(), label);
        sample(name + "_count", snapshot.count(), label);
        return this;
    }

    private static String[] with(String[] labels, String name, String value) {
        String[] all = java.util.Arrays.copyOf(labels, labels.length + 2);
        all[labels.length] = name;
        all[labels.length + 1] = value;
        return all;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    static String escapeLabel(String value) {
        return escape(value, true);
    }

    static String escapeHelp(String text) {
        return escape(text, false);
    }

    private static String escape(String value, boolean quotes) {
        StringBuilder escaped = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '"' -> quotes ? "\\\"" : null;
                default -> null;
            };
            if (replacement != null && escaped == null) {
                escaped = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (escaped != null) {
                if (replacement != null) {
                    escaped.append(replacement);
                } else {
                    escaped.append(c);
                }
            }
        }
        return escaped == null ? value : escaped.toString();
    }

    /** Integers without a fraction (counts read best that way), the rest as Go's parser takes it. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
