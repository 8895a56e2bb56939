package org.llmlb.producer.simulator.entity;

/**
 * How a simulated backend behaves: {@code ttftMs} before the first token, then {@code tps}
 * tokens per second, {@code tokens} at most per answer, a failure with probability
 * {@code errorRate}, and the {@code model} it claims to serve.
 */
public record Profile(String name, long ttftMs, double tps, int tokens, double errorRate, String model) {
}
