package org.llmlb.producer.simulator.entity;

/**
 * How a simulated backend behaves: {@code ttftMs} before the first token, then {@code tps}
 * tokens per second, {@code tokens} per answer unless the client asks otherwise, the
 * {@code model} it claims to serve, how it batches ({@link Serving}) and how it fails
 * ({@link Faults}). Equal profiles are the same simulated server: they share one queue and
 * one {@code /metrics}.
 *
 * @param ignoreEos every answer is exactly the client's {@code max_tokens} long, as if each
 *                  request carried vLLM's {@code "ignore_eos": true}
 */
public record Profile(String name, long ttftMs, double tps, int tokens, String model, boolean ignoreEos,
                      Serving serving, Faults faults) {

    /** The probability of a simulated 500, the profile's original {@code error_rate}. */
    public double errorRate() {
        return faults.serverError();
    }
}
