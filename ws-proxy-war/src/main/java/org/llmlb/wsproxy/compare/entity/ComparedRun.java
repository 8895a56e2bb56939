package org.llmlb.wsproxy.compare.entity;

import java.time.Instant;
import java.util.Map;

/**
 * One run of a comparison: what its card was (name, target, model, profile), its numbers by
 * metric name, and their differences against the first run (empty for the first run itself).
 */
public record ComparedRun(String id, String name, String state, String baseUrl, String model,
                          Map<String, Object> profile, Instant startedAt, double durationSeconds, long requests,
                          Map<String, Double> metrics, Map<String, Difference> differences) {
}
