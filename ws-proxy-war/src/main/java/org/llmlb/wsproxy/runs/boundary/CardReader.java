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

import org.llmlb.wire.FieldError;
import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.engine.entity.LoadProfile;
import org.llmlb.wsproxy.engine.entity.ModelConfig;
import org.llmlb.wsproxy.engine.entity.Slo;
import org.llmlb.wsproxy.presets.control.PresetCatalogue;
import org.llmlb.wsproxy.presets.entity.Preset;
import org.llmlb.wsproxy.runs.control.InvalidCardException;
import org.llmlb.wsproxy.workload.control.DatasetStore;
import org.llmlb.wsproxy.workload.entity.Workload;

/** Reads a card's JSON, collecting every problem instead of stopping at the first. */
public final class CardReader {

    private final JsonObject json;
    private final PresetCatalogue presets;
    private final DatasetStore datasets;
    private final Fields fields = new Fields();

    private CardReader(JsonObject json, PresetCatalogue presets, DatasetStore datasets) {
        this.json = json;
        this.presets = presets;
        this.datasets = datasets;
    }

    public static Card read(JsonObject json, PresetCatalogue presets) {
        return read(json, presets, new DatasetStore());
    }

    /** {@code datasets} resolves a workload's {@code dataset} id. */
    public static Card read(JsonObject json, PresetCatalogue presets, DatasetStore datasets) {
        if (json == null) {
            throw new InvalidCardException(List.of(new FieldError("", "a card (JSON object) is required")));
        }
        return new CardReader(json, presets, datasets).card();
    }

    private Card card() {
        String baseUrl = fields.string(json, "base_url", true);
        if (baseUrl != null) {
            try {
                URI uri = URI.create(baseUrl);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    fields.problem("base_url", "must be an absolute http(s) URL");
                }
            } catch (IllegalArgumentException e) {
                fields.problem("base_url", "must be an absolute http(s) URL");
            }
        }
        String model = fields.string(json, "model", true);
        Preset preset = preset();
        JsonArray messages = json.get("messages") instanceof JsonArray a ? a : null;
        LoadProfile profile = profile();
        Workload workload = new WorkloadReader(fields, datasets).read(json, messages != null && !messages.isEmpty());
        JsonObject mc = fields.object(json, "model_config");
        ModelConfig modelConfig = mc == null ? new ModelConfig(null, null, true)
                : new ModelConfig(fields.integer(mc, "model_config.max_tokens", false), fields.number(mc, "model_config.temperature", false),
                        !(mc.get("stream") == JsonValue.FALSE));
        Integer count = fields.integer(json, "request_count", false);
        Double duration = fields.number(json, "duration_seconds", false);
        // a sweep's length is its probe and steps; a duration or count would only cut it short
        if (count == null && duration == null && !(profile instanceof LoadProfile.Sweep)) {
            fields.problem("request_count", "is required when duration_seconds is not set");
        }
        JsonObject s = fields.object(json, "slo");
        Slo slo = s == null ? Slo.NONE : new Slo(fields.number(s, "slo.ttft_p95_ms", false),
                fields.number(s, "slo.e2e_p95_ms", false), fields.number(s, "slo.error_rate", false));
        boolean useCache = useCache();
        String signalsUrl = fields.string(json, "signals_url", false);
        if (signalsUrl != null && !signalsUrl.isBlank() && !absoluteHttp(signalsUrl)) {
            fields.problem("signals_url", "must be an absolute http(s) URL");
        }
        fields.check();
        return new Card(fields.string(json, "name", false), baseUrl, fields.string(json, "api_key", false), model, preset,
                messages, profile, modelConfig, count == null ? null : count.longValue(), duration, slo, useCache, workload,
                signalsUrl == null || signalsUrl.isBlank() ? null : signalsUrl.trim());
    }

    private static boolean absoluteHttp(String url) {
        try {
            URI uri = URI.create(url.trim());
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Every field but the step length has a default; see {@link LoadProfile.Sweep}. */
    private LoadProfile sweep(JsonObject p) {
        Integer rates = p.containsKey("rates") ? fields.between(p, "profile.rates", 2, 50, false) : null;
        Double step = fields.number(p, "profile.step_seconds", true);
        Double probe = p.containsKey("probe_seconds") ? fields.number(p, "profile.probe_seconds", false) : null;
        Integer concurrency = p.containsKey("probe_concurrency")
                ? fields.between(p, "profile.probe_concurrency", 1, 100_000, false) : null;
        Double min = p.containsKey("min_rate") ? fields.number(p, "profile.min_rate", false) : null;
        Double factor = p.containsKey("knee_ttft_factor") ? fields.number(p, "profile.knee_ttft_factor", false) : null;
        if (factor != null && factor <= 1) {
            fields.problem("profile.knee_ttft_factor", "must be more than 1");
        }
        Boolean poisson = fields.bool(p, "profile.poisson");
        if (step == null || (probe != null && probe <= 0)) {
            if (probe != null && probe <= 0) {
                fields.problem("profile.probe_seconds", "must be a positive number");
            }
            return null;
        }
        return new LoadProfile.Sweep(rates == null ? LoadProfile.Sweep.DEFAULT_RATES : rates, step,
                probe == null ? LoadProfile.Sweep.DEFAULT_PROBE_SECONDS : probe,
                concurrency == null ? LoadProfile.Sweep.DEFAULT_PROBE_CONCURRENCY : concurrency,
                min != null && min > 0 ? min : null, poisson == null || poisson,
                factor == null ? LoadProfile.Sweep.DEFAULT_KNEE_TTFT_FACTOR : factor);
    }

    /** Off unless the card says {@code true}: a load test should reach the backends, not a response cache. */
    private boolean useCache() {
        JsonValue v = json.get("use_cache");
        if (v != null && v != JsonValue.NULL && v != JsonValue.TRUE && v != JsonValue.FALSE) {
            fields.problem("use_cache", "must be true or false");
        }
        return v == JsonValue.TRUE;
    }

    /** An empty name is how a form says "none", so it is not a problem. */
    private Preset preset() {
        if (json.get("preset") instanceof JsonString s && s.getString().isBlank()) {
            return null;
        }
        String name = fields.string(json, "preset", false);
        if (name == null) {
            return null;
        }
        Optional<Preset> preset = presets.find(name);
        if (preset.isEmpty()) {
            fields.problem("preset", "'" + name + "' is not a preset; use one of "
                    + presets.all().stream().map(Preset::name).collect(Collectors.joining(", ")));
        }
        return preset.orElse(null);
    }

    private LoadProfile profile() {
        JsonObject p = fields.object(json, "profile");
        if (p == null) {
            fields.problem("profile", "is required");
            return null;
        }
        String type = fields.string(p, "profile.type", true);
        if (type == null) {
            return null;
        }
        switch (type) {
            case "constant_concurrency" -> {
                Integer concurrency = fields.integer(p, "profile.concurrency", true);
                return concurrency == null ? null : new LoadProfile.ConstantConcurrency(concurrency);
            }
            case "constant_rate" -> {
                Double rate = fields.number(p, "profile.rate", true);
                return rate == null ? null : new LoadProfile.ConstantRate(rate, p.get("poisson") == JsonValue.TRUE);
            }
            case "ramp" -> {
                Double from = fields.atLeastZero(p, "profile.from_rate");
                Double to = fields.number(p, "profile.to_rate", true);
                Double over = fields.number(p, "profile.over_seconds", true);
                return from == null || to == null || over == null ? null : new LoadProfile.Ramp(from, to, over);
            }
            case "burst" -> {
                Integer size = fields.integer(p, "profile.size", true);
                Double every = fields.number(p, "profile.every_seconds", true);
                return size == null || every == null ? null : new LoadProfile.Burst(size, every);
            }
            case "sweep" -> {
                return sweep(p);
            }
            default -> {
                fields.problem("profile.type", "'" + type + "' is not supported; use constant_concurrency, constant_rate,"
                        + " ramp, burst or sweep");
                return null;
            }
        }
    }
}
