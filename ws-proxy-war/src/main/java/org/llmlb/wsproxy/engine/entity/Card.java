package org.llmlb.wsproxy.engine.entity;

import jakarta.json.JsonArray;

import org.llmlb.wsproxy.presets.entity.Preset;
import org.llmlb.wsproxy.workload.entity.Workload;

/**
 * One load configuration, as the UI exports it. {@code requestCount} and
 * {@code durationSeconds} may each be null; a run ends at whichever limit comes first.
 * Non-empty {@code messages} are sent as they are; otherwise the {@code workload} says where
 * prompts come from (by default the {@code preset}'s prompts, when there is one). Requests carry
 * {@code Cache-Control: no-cache} unless {@code useCache}, so a balancer's response cache does
 * not answer a load test in its place. {@code signalsUrl} is where the target's own numbers are
 * read during the run (a Prometheus {@code /metrics}); null: found from {@code baseUrl}.
 */
public record Card(String name, String baseUrl, String apiKey, String model, Preset preset, JsonArray messages,
                   LoadProfile profile, ModelConfig modelConfig, Long requestCount,
                   Double durationSeconds, Slo slo, boolean useCache, Workload workload, String signalsUrl) {

    public Card {
        workload = workload == null ? Workload.PRESETS : workload;
    }

    public Card(String name, String baseUrl, String apiKey, String model, Preset preset, JsonArray messages,
                LoadProfile profile, ModelConfig modelConfig, Long requestCount, Double durationSeconds, Slo slo,
                boolean useCache, Workload workload) {
        this(name, baseUrl, apiKey, model, preset, messages, profile, modelConfig, requestCount, durationSeconds, slo,
                useCache, workload, null);
    }

    public Card(String name, String baseUrl, String apiKey, String model, Preset preset, JsonArray messages,
                LoadProfile profile, ModelConfig modelConfig, Long requestCount, Double durationSeconds, Slo slo,
                boolean useCache) {
        this(name, baseUrl, apiKey, model, preset, messages, profile, modelConfig, requestCount, durationSeconds, slo,
                useCache, Workload.PRESETS);
    }

    public Card(String name, String baseUrl, String apiKey, String model, Preset preset, JsonArray messages,
                LoadProfile profile, ModelConfig modelConfig, Long requestCount, Double durationSeconds, Slo slo) {
        this(name, baseUrl, apiKey, model, preset, messages, profile, modelConfig, requestCount, durationSeconds, slo,
                false);
    }

    /** The same card with another load shape and limits: one stretch of a sweep. */
    public Card with(LoadProfile shape, Double seconds) {
        return new Card(name, baseUrl, apiKey, model, preset, messages, shape, modelConfig, null, seconds, slo,
                useCache, workload, signalsUrl);
    }
}
