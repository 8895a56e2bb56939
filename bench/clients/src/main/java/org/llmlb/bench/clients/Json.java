package org.llmlb.bench.clients;

import java.util.Map;

/** Just enough JSON for one flat result object. */
final class Json {
    private Json() {
    }

    static String write(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            str(sb, e.getKey());
            sb.append(':');
            Object v = e.getValue();
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Number n) {
                double d = n.doubleValue();
                sb.append(Double.isNaN(d) || Double.isInfinite(d) ? "null" : n.toString());
            } else if (v instanceof Boolean) {
                sb.append(v);
            } else {
                str(sb, v.toString());
            }
        }
        return sb.append('}').toString();
    }

    private static void str(StringBuilder sb, String s) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
