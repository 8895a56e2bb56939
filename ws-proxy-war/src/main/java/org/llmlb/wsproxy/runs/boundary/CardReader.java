package org.llmlb.wsproxy.runs.boundary;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.engine.entity.LoadProfile;
import org.llmlb.wsproxy.engine.entity.ModelConfig;
import org.llmlb.wsproxy.engine.entity.Slo;
import org.llmlb.wsproxy.presets.control.PresetCatalogue;
import org.llmlb.wsproxy.presets.entity.Preset;
import org.llmlb.wsproxy.runs.control.InvalidCardException;
import org.llmlb.wsproxy.runs.control.InvalidCardException.Problem;

/** Reads a card's JSON, collecting every problem instead of stopping at the first. */
public final class CardReader {

    private final JsonObject json;
    private final PresetCatalogue presets;
    private final List<Problem> problems = new ArrayList<>();

    private CardReader(JsonObject json, PresetCatalogue presets) {
        this.json = json;
        this.presets = presets;
    }

    public static Card read(JsonObject json, PresetCatalogue presets) {
        if (json == null) {
            throw new InvalidCardException(List.of(new Problem("", "a card (JSON object) is required")));
        }
        return new CardReader(json, presets).card();
    }

    private Card card() {
        String baseUrl = string(json, "base_url", true);
        if (baseUrl != null) {
            try {
                URI uri = URI.create(baseUrl);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    problem("base_url", "must be an absolute http(s) URL");
                }
            } catch (IllegalArgumentException e) {
                problem("base_url", "must be an absolute http(s) URL");
            }
        }
        String model = string(json, "model", true);
        Preset preset = preset();
        JsonArray messages = json.get("messages") instanceof JsonArray a ? a : null;
        LoadProfile profile = profile();
        JsonObject mc = object(json, "model_config");
        ModelConfig modelConfig = mc == null ? new ModelConfig(null, null, true)
                : new ModelConfig(integer(mc, "model_config.max_tokens", false), number(mc, "model_config.temperature", false),
                        !(mc.get("stream") == JsonValue.FALSE));
        Integer count = integer(json, "request_count", false);
        Double duration = number(json, "duration_seconds", false);
        if (count == null && duration == null) {
            problem("request_count", "is required when duration_seconds is not set");
        }
        JsonObject s = object(json, "slo");
        Slo slo = s == null ? Slo.NONE : new Slo(number(s, "slo.ttft_p95_ms", false),
                number(s, "slo.e2e_p95_ms", false), number(s, "slo.error_rate", false));
        boolean useCache = useCache();
        if (!problems.isEmpty()) {
            throw new InvalidCardException(problems);
        }
        return new Card(string(json, "name", false), baseUrl, string(json, "api_key", false), model, preset,
                messages, profile, modelConfig, count == null ? null : count.longValue(), duration, slo, useCache);
    }

    /** Off unless the card says {@code true}: a load test should reach the backends, not a response cache. */
    private boolean useCache() {
        JsonValue v = json.get("use_cache");
        if (v != null && v != JsonValue.NULL && v != JsonValue.TRUE && v != JsonValue.FALSE) {
            problem("use_cache", "must be true or false");
        }
        return v == JsonValue.TRUE;
    }

    /** An empty name is how a form says "none", so it is not a problem. */
    private Preset preset() {
        if (json.get("preset") instanceof JsonString s && s.getString().isBlank()) {
            return null;
        }
        String name = string(json, "preset", false);
        if (name == null) {
            return null;
        }
        Optional<Preset> preset = presets.find(name);
        if (preset.isEmpty()) {
            problem("preset", "'" + name + "' is not a preset; use one of "
                    + presets.all().stream().map(Preset::name).collect(Collectors.joining(", ")));
        }
        return preset.orElse(null);
    }

    private LoadProfile profile() {
        JsonObject p = object(json, "profile");
        if (p == null) {
            problem("profile", "is required");
            return null;
        }
        String type = string(p, "profile.type", true);
        if (type == null) {
            return null;
        }
        switch (type) {
            case "constant_concurrency" -> {
                Integer concurrency = integer(p, "profile.concurrency", true);
                return concurrency == null ? null : new LoadProfile.ConstantConcurrency(concurrency);
            }
            case "constant_rate" -> {
                Double rate = number(p, "profile.rate", true);
                return rate == null ? null : new LoadProfile.ConstantRate(rate, p.get("poisson") == JsonValue.TRUE);
            }
            case "ramp" -> {
                Double from = atLeastZero(p, "profile.from_rate");
                Double to = number(p, "profile.to_rate", true);
                Double over = number(p, "profile.over_seconds", true);
                return from == null || to == null || over == null ? null : new LoadProfile.Ramp(from, to, over);
            }
            case "burst" -> {
                Integer size = integer(p, "profile.size", true);
                Double every = number(p, "profile.every_seconds", true);
                return size == null || every == null ? null : new LoadProfile.Burst(size, every);
            }
            default -> {
                problem("profile.type", "'" + type + "' is not supported; use constant_concurrency, constant_rate,"
                        + " ramp or burst");
                return null;
            }
        }
    }

    /** A non-blank string; {@code path} is the field's dotted name, the last part its key. */
    private String string(JsonObject o, String path, boolean required) {
        JsonValue v = o.get(key(path));
        if (v instanceof JsonString s && !s.getString().isBlank()) {
            return s.getString();
        }
        if (required || (v != null && v != JsonValue.NULL)) {
            problem(path, "must be a non-empty string");
        }
        return null;
    }

    private JsonObject object(JsonObject o, String field) {
        JsonValue v = o.get(field);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v instanceof JsonObject obj) {
            return obj;
        }
        problem(field, "must be an object");
        return null;
    }

    /** A positive number; {@code path} is the field's dotted name, the last part its key. */
    private Double number(JsonObject o, String path, boolean required) {
        JsonValue v = o.get(key(path));
        if (v instanceof JsonNumber n && n.doubleValue() >= 0 && (n.doubleValue() > 0 || !required)) {
            return n.doubleValue();
        }
        if (required || (v != null && v != JsonValue.NULL)) {
            problem(path, "must be a positive number");
        }
        return null;
    }

    /** Zero is a valid start for a ramp, so this one only refuses what is missing or negative. */
    private Double atLeastZero(JsonObject o, String path) {
        if (o.get(key(path)) instanceof JsonNumber n && n.doubleValue() >= 0) {
            return n.doubleValue();
        }
        problem(path, "must be a number of at least 0");
        return null;
    }

    private Integer integer(JsonObject o, String path, boolean required) {
        JsonValue v = o.get(key(path));
        if (v instanceof JsonNumber n && n.isIntegral() && n.longValue() > 0 && n.longValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        if (required || (v != null && v != JsonValue.NULL)) {
            problem(path, "must be a positive whole number");
        }
        return null;
    }

    private static String key(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private void problem(String field, String message) {
        problems.add(new Problem(field, message));
    }
}
