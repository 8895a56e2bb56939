package org.llmlb.producer.simulator.control;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

import org.llmlb.producer.simulator.entity.Faults;
import org.llmlb.producer.simulator.entity.Problem;
import org.llmlb.producer.simulator.entity.Profile;
import org.llmlb.producer.simulator.entity.Serving;

/**
 * The built-in profiles and the matrix parameters that change them: the profile segment of
 * {@code /sim/custom;ttft_ms=50;tps=100;tokens=64;error_rate=0.1;model=m1/v1} names a profile
 * and overrides its values, so any backend shape is one URL away, without configuration.
 */
public final class Profiles {

    public static final Profile FAST = new Profile("fast", 20, 200, 32, "sim-fast", false, Serving.UNLIMITED, Faults.NONE);
    public static final Profile SLOW = new Profile("slow", 800, 15, 128, "sim-slow", false, Serving.UNLIMITED, Faults.NONE);
    public static final Profile FLAKY = new Profile("flaky", 20, 200, 32, "sim-flaky", false, Serving.UNLIMITED,
            new Faults(0, 0, 0.3, 0, 0, 1, 600_000, null));
    /** A mid-sized model on one GPU: a batch of 64, prefill and decode that slow down under load, a prefix cache. */
    public static final Profile VLLM = new Profile("vllm", 10, 50, 256, "sim-vllm", false,
            new Serving(64, 8192, 131_072, 0.05, 0.01, 16, 8192), Faults.NONE);

    static final Map<String, Profile> BUILT_IN = Map.of("fast", FAST, "slow", SLOW, "flaky", FLAKY, "vllm", VLLM);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

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
        Profile base = BUILT_IN.get(name);
        if (base == null && parts.length == 1) {
            throw new SimulationException(Problem.NOT_FOUND, "Unknown simulator profile '" + name
                    + "'; use fast, slow, flaky, vllm or any name with matrix parameters such as ;tokens=64");
        }
        ProfileDraft draft = base == null ? new ProfileDraft(name, FAST, "sim-" + name) : new ProfileDraft(name, base, base.model());
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].isEmpty()) {
                continue;
            }
            int eq = parts[i].indexOf('=');
            if (eq < 0) {
                throw invalid("Matrix parameter '" + shorten(decode(parts[i])) + "' needs a value (name=value)");
            }
            draft.set(decode(parts[i].substring(0, eq)), decode(parts[i].substring(eq + 1)));
        }
        return draft.build();
    }

    private static String decode(String raw) {
        try {
            // '+' is a literal plus in a path, not a space as in a form
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw invalid("Malformed percent-encoding in the profile segment");
        }
    }

    static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    static SimulationException invalid(String message) {
        return new SimulationException(Problem.INVALID_REQUEST, message);
    }
}
