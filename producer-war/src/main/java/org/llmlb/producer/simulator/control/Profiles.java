package org.llmlb.producer.simulator.control;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

import org.llmlb.producer.simulator.entity.Problem;
import org.llmlb.producer.simulator.entity.Profile;

/**
 * The built-in profiles and the matrix parameters that change them: the profile segment of
 * {@code /sim/custom;ttft_ms=50;tps=100;tokens=64;error_rate=0.1;model=m1/v1} names a profile
 * and overrides its values, so any backend shape is one URL away, without configuration.
 */
public final class Profiles {

    public static final Profile FAST = new Profile("fast", 20, 200, 32, 0, "sim-fast");
    public static final Profile SLOW = new Profile("slow", 800, 15, 128, 0, "sim-slow");
    public static final Profile FLAKY = new Profile("flaky", 20, 200, 32, 0.3, "sim-flaky");

    static final Map<String, Profile> BUILT_IN = Map.of("fast", FAST, "slow", SLOW, "flaky", FLAKY);

    // bounds keep a typo from holding a connection for days or allocating gigabytes
    static final long MAX_TTFT_MS = 600_000;
    static final double MAX_TPS = 100_000;
    static final int MAX_TOKENS = 100_000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern MODEL = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private Profiles() {
    }

    /**
     * The profile for a raw (still percent-encoded) path segment such as {@code fast} or
     * {@code custom;tokens=7}. An unknown name alone is a 404; with parameters it starts from
     * {@link #FAST}, so ad-hoc profiles need no registration.
     */
    public static Profile resolve(String segment) {
        String[] parts = segment.split(";", -1);
        String name = decode(parts[0]);
        if (!NAME.matcher(name).matches()) {
            throw invalid("Profile names use letters, digits, '.', '_' and '-' (at most 64)");
        }
        boolean parameters = parts.length > 1;
        Profile base = BUILT_IN.get(name);
        if (base == null && !parameters) {
            throw new SimulationException(Problem.NOT_FOUND, "Unknown simulator profile '" + name
                    + "'; use fast, slow, flaky or any name with matrix parameters such as ;tokens=64");
        }
        if (base == null) {
            base = FAST;
        }
        long ttftMs = base.ttftMs();
        double tps = base.tps();
        int tokens = base.tokens();
        double errorRate = base.errorRate();
        String model = base == FAST && !"fast".equals(name) ? "sim-" + name : base.model();
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].isEmpty()) {
                continue;
            }
            int eq = parts[i].indexOf('=');
            if (eq < 0) {
                throw invalid("Matrix parameter '" + shorten(decode(parts[i])) + "' needs a value (name=value)");
            }
            String key = decode(parts[i].substring(0, eq));
            String value = decode(parts[i].substring(eq + 1));
            switch (key) {
                case "ttft_ms" -> ttftMs = (long) number(key, value, 0, MAX_TTFT_MS, true);
                case "tps" -> tps = number(key, value, Double.MIN_VALUE, MAX_TPS, false);
                case "tokens" -> tokens = (int) number(key, value, 1, MAX_TOKENS, true);
                case "error_rate" -> errorRate = number(key, value, 0, 1, false);
                case "model" -> {
                    if (!MODEL.matcher(value).matches()) {
                        throw invalid("model must be 1 to 128 printable ASCII characters without spaces");
                    }
                    model = value;
                }
                default -> throw invalid("Unknown matrix parameter '" + shorten(key)
                        + "'; known: ttft_ms, tps, tokens, error_rate, model");
            }
        }
        return new Profile(name, ttftMs, tps, tokens, errorRate, model);
    }

    private static double number(String key, String value, double min, double max, boolean integer) {
        double parsed;
        try {
            parsed = integer ? Long.parseLong(value) : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw invalid(key + " must be " + (integer ? "an integer" : "a number") + ", not '" + shorten(value) + "'");
        }
        if (!(parsed >= min && parsed <= max)) {
            String lower = min == Double.MIN_VALUE ? "more than 0" : "at least " + describe(min, integer);
            throw invalid(key + " must be " + lower + " and at most " + describe(max, integer));
        }
        return parsed;
    }

    private static String describe(double bound, boolean integer) {
        return integer || bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }

    private static String decode(String raw) {
        try {
            // '+' is a literal plus in a path, not a space as in a form
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw invalid("Malformed percent-encoding in the profile segment");
        }
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static SimulationException invalid(String message) {
        return new SimulationException(Problem.INVALID_REQUEST, message);
    }
}
