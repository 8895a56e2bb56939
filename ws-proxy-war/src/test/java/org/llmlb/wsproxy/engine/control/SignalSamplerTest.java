package org.llmlb.wsproxy.engine.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.engine.entity.LoadProfile;
import org.llmlb.wsproxy.engine.entity.ModelConfig;
import org.llmlb.wsproxy.engine.entity.ServerSignals;
import org.llmlb.wsproxy.engine.entity.Slo;
import org.llmlb.wsproxy.workload.entity.Workload;

class SignalSamplerTest {

    static Card card(String baseUrl, String signalsUrl) {
        return new Card("c", baseUrl, "k", "m", null, null, new LoadProfile.ConstantConcurrency(1),
                new ModelConfig(8, null, true), 1L, null, Slo.NONE, false, Workload.PRESETS, signalsUrl);
    }

    @Test
    void findsTheMetricsPageBesideTheBaseUrlsV1() {
        assertThat(SignalSampler.source(card("http://127.0.0.1:8090/v1", null)))
                .isEqualTo(URI.create("http://127.0.0.1:8090/metrics"));
        assertThat(SignalSampler.source(card("http://localhost:8088/sim/custom;ttft_ms=50;tps=100/v1/", null)))
                .isEqualTo(URI.create("http://localhost:8088/sim/custom;ttft_ms=50;tps=100/metrics"));
        assertThat(SignalSampler.source(card("http://vllm:8000", null))).isEqualTo(URI.create("http://vllm:8000/metrics"));
    }

    @Test
    void theCardsSignalsUrlWins() {
        assertThat(SignalSampler.source(card("http://127.0.0.1:8090/v1", "http://127.0.0.1:9000/prom")))
                .isEqualTo(URI.create("http://127.0.0.1:9000/prom"));
    }

    @Test
    void readsVllmGaugesAndTheBalancersPerEndpointNumbersWithCountersAsRates() {
        AtomicLong now = new AtomicLong(0);
        SignalSampler sampler = new SignalSampler(URI.create("http://h/metrics"), now::get);
        String page = """
                # HELP vllm:num_requests_running Number of requests in model execution batches.
                # TYPE vllm:num_requests_running gauge
                vllm:num_requests_running{model_name="m"} 3
                vllm:num_requests_waiting{model_name="m"} 7
                vllm:kv_cache_usage_perc{model_name="m"} 0.25
                vllm:prompt_tokens_total{model_name="m"} 1000
                lb_endpoint_inflight{endpoint="a \\"x\\""} 2
                lb_endpoint_requests_total{endpoint="b"} %d
                lb_endpoint_failures_total{endpoint="b"} 1
                """;
        now.set(1_000_000_000L);
        sampler.page(page.formatted(10), now.get());
        now.set(3_000_000_000L);
        sampler.page(page.formatted(30), now.get());

        ServerSignals signals = sampler.signals();
        assertThat(signals.note()).isNull();
        assertThat(signals.samples()).hasSize(2);
        assertThat(signals.samples().get(0).values()).containsEntry("vllm:num_requests_running", 3.0)
                .containsEntry("vllm:num_requests_waiting", 7.0).containsEntry("vllm:kv_cache_usage_perc", 0.25)
                .containsEntry("lb_endpoint_inflight/a \"x\"", 2.0)
                .doesNotContainKey("lb_endpoint_requests_per_second/b").doesNotContainKey("vllm:prompt_tokens_total");
        assertThat(signals.samples().get(1).elapsedSeconds()).isEqualTo(3.0);
        assertThat(signals.samples().get(1).values()).containsEntry("lb_endpoint_requests_per_second/b", 10.0)
                .containsEntry("lb_endpoint_failures_per_second/b", 0.0);
        assertThat(sampler.latest()).isEqualTo(signals.samples().get(1));
    }

    @Test
    void aPageWithoutKnownFamiliesLeavesANoteAndNoSample() {
        SignalSampler sampler = new SignalSampler(URI.create("http://h/metrics"), () -> 0);
        sampler.page("# nothing here\nother_metric 1\n", 0);
        assertThat(sampler.signals().samples()).isEmpty();
        assertThat(sampler.note()).contains("no vLLM or balancer metrics");
    }
}
