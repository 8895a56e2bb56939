package org.llmlb.wsproxy.report.control;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.llmlb.wsproxy.engine.entity.TimelinePoint;

/**
 * A line chart of runs' timelines as inline SVG: x = seconds since each run's start, one polyline
 * per line, a gap where a second has no value.
 */
public final class Svg {

    /** One metric of one timeline. */
    public record Series(String label, String colour, String dash, Function<TimelinePoint, Double> value) {
    }

    /** A line to draw: its values second by second (null: no value that second). */
    public record Line(String label, String colour, String dash, List<Double> values) {

        public static Line of(Series s, List<TimelinePoint> points) {
            return new Line(s.label(), s.colour(), s.dash(), points.stream().map(s.value()).toList());
        }
    }

    private static final int W = 560, H = 200, LEFT = 56, RIGHT = 12, TOP = 28, BOTTOM = 28;

    private Svg() {
    }

    static String chart(String title, String unit, List<TimelinePoint> points, List<Series> series) {
        return chart(title, unit, series.stream().map(s -> Line.of(s, points)).toList());
    }

    public static String chart(String title, String unit, List<Line> series) {
        double xMax = Math.max(1, series.stream().mapToInt(l -> l.values().size()).max().orElse(1));
        double yMax = 0;
        for (Line l : series) {
            for (Double v : l.values()) {
                if (v != null) {
                    yMax = Math.max(yMax, v);
                }
            }
        }
        double top = niceCeiling(yMax);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\">");
        svg.append(text(LEFT, 16, "start", "title", title + (unit.isEmpty() ? "" : " (" + unit + ")")));
        int legendX = W - RIGHT;
        for (int i = series.size() - 1; i >= 0; i--) {
            Line s = series.get(i);
            svg.append(text(legendX, 16, "end", "legend", s.label()));
            legendX -= s.label().length() * 6 + 8;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"12\" x2=\"%d\" y2=\"12\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\"/>",
                    legendX - 18, legendX - 2, s.colour(), s.dash()));
            legendX -= 26;
        }
        for (int i = 0; i <= 4; i++) {
            double v = top * i / 4;
            double y = y(v, top);
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", LEFT, y, W - RIGHT, y));
            svg.append(text(LEFT - 4, y + 4, "end", "", number(v)));
        }
        for (int i = 0; i <= 4; i++) {
            double t = xMax * i / 4;
            svg.append(text(x(t, xMax), H - BOTTOM + 16, "middle", "", number(t) + " s"));
        }
        for (Line s : series) {
            StringBuilder line = new StringBuilder();
            for (int second = 0; second < s.values().size(); second++) {
                Double v = s.values().get(second);
                if (v == null) {
                    if (line.length() > 0) {
                        svg.append(polyline(line, s));
                        line.setLength(0);
                    }
                    continue;
                }
                line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(second + 0.5, xMax), y(v, top)));
            }
            if (line.length() > 0) {
                svg.append(polyline(line, s));
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String polyline(StringBuilder points, Line s) {
        return "<polyline fill=\"none\" stroke=\"" + s.colour() + "\" stroke-width=\"1.8\" stroke-dasharray=\"" + s.dash()
                + "\" points=\"" + points.toString().trim() + "\"><title>" + Html.escape(s.label()) + "</title></polyline>";
    }

    private static String text(double x, double y, String anchor, String cls, String text) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">%s</text>", x, y, anchor, cls,
                Html.escape(text));
    }

    private static double x(double t, double xMax) {
        return LEFT + t / xMax * (W - LEFT - RIGHT);
    }

    private static double y(double v, double top) {
        return H - BOTTOM - v / top * (H - BOTTOM - TOP);
    }

    public static String number(double v) {
        double a = Math.abs(v);
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        // small values (an error rate of 0.01) keep their digits
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v}; 1 for nothing. */
    static double niceCeiling(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
