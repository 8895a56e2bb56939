package org.llmlb.wsproxy.engine.entity;

import jakarta.json.JsonArray;

import org.llmlb.wsproxy.presets.entity.Preset;

/**
 * One load configuration, as the UI exports it. {@code requestCount} and
 * {@code durationSeconds} may each be null; a run ends at whichever limit comes first.
 * Non-empty {@code messages} are sent as they are; otherwise the {@code preset}'s prompts, when
 * there is one. Requests carry {@code Cache-Control: no-cache} unless {@code useCache}, so a
 * balancer's response cache does not answer a load test in its place.
 */
public record Card(String name, String baseUrl, String apiKey, String model, Preset preset, JsonArray messages,
                   LoadProfile profile, ModelConfig modelConfig, Long requestCount,
                   Double durationSeconds, Slo slo, boolean useCache) {

    public Card(String name, String baseUrl, String apiKey, String model, Preset preset, JsonArray messages,
                LoadProfile profile, ModelConfig modelConfig, Long requestCount, Double durationSeconds, Slo slo) {
        this(name, baseUrl, apiKey, model, preset, messages, profile, modelConfig, requestCount, durationSeconds, slo,
                false);
    }
}
