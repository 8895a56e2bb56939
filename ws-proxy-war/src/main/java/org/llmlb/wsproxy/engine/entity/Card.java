package org.llmlb.wsproxy.engine.entity;

import jakarta.json.JsonArray;

/**
 * One load configuration, as the UI exports it. {@code requestCount} and
 * {@code durationSeconds} may each be null; a run ends at whichever limit comes first.
 */
public record Card(String name, String baseUrl, String apiKey, String model, JsonArray messages,
                   LoadProfile profile, ModelConfig modelConfig, Long requestCount,
                   Double durationSeconds, Slo slo) {
}
