package org.llmlb.wsproxy.engine.entity;

import jakarta.json.JsonArray;

import org.llmlb.wsproxy.presets.entity.Preset;

/**
 * One load configuration, as the UI exports it. {@code requestCount} and
 * {@code durationSeconds} may each be null; a run ends at whichever limit comes first.
 * Non-empty {@code messages} are sent as they are; otherwise the {@code preset}'s prompts, when
 * there is one.
 */
public record Card(String name, String baseUrl, String apiKey, String model, Preset preset, JsonArray messages,
                   LoadProfile profile, ModelConfig modelConfig, Long requestCount,
                   Double durationSeconds, Slo slo) {
}
