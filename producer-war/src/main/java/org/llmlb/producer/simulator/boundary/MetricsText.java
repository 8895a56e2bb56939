package org.llmlb.producer.simulator.boundary;

import org.llmlb.producer.simulator.control.Counters;
import org.llmlb.producer.simulator.control.Instance;
import org.llmlb.producer.simulator.entity.Fault;

/**
 * A simulated server's {@code /metrics} in the Prometheus text format, with vLLM's metric names
 * and its {@code model_name} label, so dashboards and scrapers built for vLLM read it unchanged.
 */
final class MetricsText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder text = new StringBuilder(2048);
    private final String model;

    private MetricsText(String model) {
        this.model = "model_name=\"" + model.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String of(Instance instance) {
        Instance.Load load = instance.load();
        Counters counters = instance.counters();
        MetricsText metrics = new MetricsText(instance.profile().model());
        metrics.family("vllm:num_requests_running", "gauge", "Number of requests in model execution batches.")
                .sample("vllm:num_requests_running", "", load.running());
        metrics.family("vllm:num_requests_waiting", "gauge", "Number of requests waiting to be processed.")
                .sample("vllm:num_requests_waiting", "", load.waiting());
        metrics.family("vllm:kv_cache_usage_perc", "gauge", "KV-cache usage. 1 means 100 percent usage.")
                .sample("vllm:kv_cache_usage_perc", "", load.kvCacheUsage());
        metrics.counter("vllm:prompt_tokens_total", "Number of prefill tokens processed.", counters.promptTokens());
        metrics.counter("vllm:generation_tokens_total", "Number of generation tokens processed.", counters.generationTokens());
        metrics.counter("vllm:prefix_cache_queries_total", "Prefix cache queries, in terms of number of queried tokens.",
                counters.prefixQueries());
        metrics.counter("vllm:prefix_cache_hits_total", "Prefix cache hits, in terms of number of cached tokens.",
                counters.prefixHits());
        metrics.family("vllm:request_success_total", "counter", "Count of successfully processed requests.");
        for (int i = 0; i < Counters.FINISH_REASONS.length; i++) {
            metrics.sample("vllm:request_success_total", ",finished_reason=\"" + Counters.FINISH_REASONS[i] + "\"",
                    counters.finished(i));
        }
        metrics.family("vllm:request_queue_time_seconds", "summary", "Time spent in the WAITING phase for request.")
                .sample("vllm:request_queue_time_seconds_sum", "", counters.queuedSeconds())
                .sample("vllm:request_queue_time_seconds_count", "", counters.admitted());
        metrics.family("simulator_faults_total", "counter", "Failures the simulator injected on purpose, by kind.");
        for (Fault fault : Fault.values()) {
            if (fault != Fault.NONE) {
                metrics.sample("simulator_faults_total", ",kind=\"" + fault.label + "\"", counters.faults(fault));
            }
        }
        return metrics.text.toString();
    }

    private MetricsText family(String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    private void counter(String name, String help, long value) {
        family(name, "counter", help).sample(name, "", value);
    }

    private MetricsText sample(String name, String labels, double value) {
        text.append(name).append('{').append(model).append(labels).append("} ");
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            text.append((long) value);
        } else {
            text.append(value);
        }
        text.append('\n');
        return this;
    }
}
