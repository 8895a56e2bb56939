package org.llmlb.wsproxy.engine.entity;

import java.util.Map;

/**
 * The target's own numbers at one moment of a run, {@code elapsedSeconds} after it started:
 * gauges as read ({@code vllm:num_requests_running}, {@code lb_endpoint_inflight/<endpoint>})
 * and counters as a rate over the time since the previous sample
 * ({@code lb_endpoint_requests_per_second/<endpoint>}).
 */
public record SignalSample(double elapsedSeconds, Map<String, Double> values) {
}
