package org.llmlb.wsproxy.runs.boundary;

import java.util.Optional;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.llmlb.wsproxy.workload.control.DatasetStore;
import org.llmlb.wsproxy.workload.entity.Dataset;
import org.llmlb.wsproxy.workload.entity.Distribution;
import org.llmlb.wsproxy.workload.entity.SharedPrefix;
import org.llmlb.wsproxy.workload.entity.Workload;

/** Reads a card's {@code workload} object; problems go to the card's {@link Fields}. */
final class WorkloadReader {

    static final int MAX_TOKENS = 1_000_000;
    static final int MAX_TURNS = 100;
    static final int MAX_GROUPS = 10_000;

    private final Fields fields;
    private final DatasetStore datasets;

    WorkloadReader(Fields fields, DatasetStore datasets) {
        this.fields = fields;
        this.datasets = datasets;
    }

    /** The card's workload; {@link Workload#PRESETS} when it has none (or a broken one, whose problems are noted). */
    Workload read(JsonObject card, boolean hasMessages) {
        JsonObject w = fields.object(card, "workload");
        if (w == null) {
            return Workload.PRESETS;
        }
        if (hasMessages) {
            fields.problem("workload", "cannot be combined with messages; leave messages out (or empty) to use a workload");
        }
        String name = fields.string(w, "workload.source", false);
        Workload.Source source = Workload.Source.PRESET;
        if (name != null) {
            switch (name) {
                case "preset" -> source = Workload.Source.PRESET;
                case "synthetic" -> source = Workload.Source.SYNTHETIC;
                case "dataset" -> source = Workload.Source.DATASET;
                default -> fields.problem("workload.source", "'" + name + "' is not a source; use preset, synthetic or dataset");
            }
        }
        Integer seed = w.containsKey("seed") ? fields.between(w, "workload.seed", 0, Integer.MAX_VALUE, false) : null;
        Distribution input = w.containsKey("input_tokens") || source == Workload.Source.SYNTHETIC
                ? distribution(w, "workload.input_tokens") : null;
        if (input != null && source != Workload.Source.SYNTHETIC) {
            fields.problem("workload.input_tokens", "is only for source synthetic (other sources bring their own prompts)");
        }
        Distribution output = w.containsKey("output_tokens") ? distribution(w, "workload.output_tokens") : null;
        Boolean ignoreEos = fields.bool(w, "workload.ignore_eos");
        Dataset dataset = dataset(w, source);
        SharedPrefix prefix = prefix(w);
        Integer turns = w.containsKey("turns") ? fields.between(w, "workload.turns", 1, MAX_TURNS, false) : null;
        return new Workload(source, seed == null ? Workload.DEFAULT_SEED : seed, input, output,
                Boolean.TRUE.equals(ignoreEos), dataset, prefix, turns == null ? 1 : turns);
    }

    private Dataset dataset(JsonObject w, Workload.Source source) {
        if (source != Workload.Source.DATASET) {
            if (w.get("dataset") instanceof JsonString s && !s.getString().isBlank()) {
                fields.problem("workload.dataset", "is only for source dataset");
            }
            return null;
        }
        String id = fields.string(w, "workload.dataset", true);
        if (id == null) {
            return null;
        }
        Optional<Dataset> found = datasets.find(id);
        if (found.isEmpty()) {
            fields.problem("workload.dataset", "'" + id + "' is not uploaded here (uploads live until the server"
                    + " restarts); upload the file with POST /ws-proxy/api/datasets and use the id it answers");
        }
        return found.orElse(null);
    }

    private SharedPrefix prefix(JsonObject w) {
        JsonObject p = fields.object(w, "workload.shared_prefix");
        if (p == null) {
            return null;
        }
        Integer groups = fields.between(p, "workload.shared_prefix.groups", 1, MAX_GROUPS, true);
        Integer tokens = fields.between(p, "workload.shared_prefix.tokens", 1, MAX_TOKENS, true);
        return groups == null || tokens == null ? null : new SharedPrefix(groups, tokens);
    }

    private Distribution distribution(JsonObject w, String path) {
        JsonObject d = fields.object(w, path);
        if (d == null) {
            fields.problem(path, "is required: {\"type\":\"fixed\",\"value\"}, {\"type\":\"uniform\",\"min\",\"max\"}"
                    + " or {\"type\":\"normal\",\"mean\",\"stddev\"}");
            return null;
        }
        String type = fields.string(d, path + ".type", true);
        if (type == null) {
            return null;
        }
        switch (type) {
            case "fixed" -> {
                Integer v = fields.between(d, path + ".value", 1, MAX_TOKENS, true);
                return v == null ? null : new Distribution.Fixed(v);
            }
            case "uniform" -> {
                Integer min = fields.between(d, path + ".min", 1, MAX_TOKENS, true);
                Integer max = fields.between(d, path + ".max", 1, MAX_TOKENS, true);
                if (min == null || max == null) {
                    return null;
                }
                if (min > max) {
                    fields.problem(path + ".max", "must be at least min (" + min + ")");
                    return null;
                }
                return new Distribution.Uniform(min, max);
            }
            case "normal" -> {
                Double mean = fields.number(d, path + ".mean", true);
                Double stddev = d.containsKey("stddev") ? fields.number(d, path + ".stddev", false) : Double.valueOf(0);
                Integer min = d.containsKey("min") ? fields.between(d, path + ".min", 1, MAX_TOKENS, false) : null;
                Integer max = d.containsKey("max") ? fields.between(d, path + ".max", 1, MAX_TOKENS, false) : null;
                if (mean == null || stddev == null) {
                    return null;
                }
                if (mean < 1 || mean > MAX_TOKENS) {
                    fields.problem(path + ".mean", "must be from 1 to " + MAX_TOKENS);
                    return null;
                }
                int lo = min == null ? 1 : min;
                // four standard deviations: one draw in 30,000 is cut, the shape stays normal
                int hi = max == null ? (int) Math.min(MAX_TOKENS, Math.ceil(mean + 4 * stddev)) : max;
                if (lo > hi) {
                    fields.problem(path + ".max", "must be at least min (" + lo + ")");
                    return null;
                }
                return new Distribution.Normal(mean, stddev, lo, hi);
            }
            default -> {
                fields.problem(path + ".type", "'" + type + "' is not a distribution; use fixed, uniform or normal");
                return null;
            }
        }
    }
}
