package org.llmlb.producer.simulator.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.llmlb.producer.simulator.control.AnswerLength;
import org.llmlb.producer.simulator.control.CompletionRequest;
import org.llmlb.producer.simulator.control.Instance;
import org.llmlb.producer.simulator.control.Profiles;
import org.llmlb.producer.simulator.control.Scheduler;
import org.llmlb.producer.simulator.control.Sequence;

class MetricsTextTest {

    /** Time stands still: admitted sequences never get to their first token. */
    static final Scheduler STILL = new Scheduler() {
        @Override
        public long nanoTime() {
            return 0;
        }

        @Override
        public void at(long dueNanos, Runnable task) {
        }
    };

    static final Sequence.Output SILENT = new Sequence.Output() {
        @Override
        public boolean token(int index) {
            return true;
        }

        @Override
        public void complete() {
        }

        @Override
        public void drop() {
        }
    };

    @Test
    void gaugesAndCountersUseVllmsNamesAndModelNameLabel() {
        Instance server = new Instance(Profiles.resolve("m;max_num_seqs=2;kv_cache_tokens=200;model=org/m1"), STILL);
        CompletionRequest request = new CompletionRequest(true, false, 10, null, null, 40, new long[0]);
        for (int i = 0; i < 5; i++) {
            server.submit(SILENT, request, AnswerLength.of(server.profile(), request), false, 0);
        }
        List<String> lines = MetricsText.of(server).lines().toList();

        assertThat(lines).contains(
                "# TYPE vllm:num_requests_running gauge",
                "vllm:num_requests_running{model_name=\"org/m1\"} 2",
                "vllm:num_requests_waiting{model_name=\"org/m1\"} 3",
                "vllm:kv_cache_usage_perc{model_name=\"org/m1\"} 0.5",
                "# TYPE vllm:prompt_tokens_total counter",
                "vllm:prompt_tokens_total{model_name=\"org/m1\"} 0",
                "vllm:generation_tokens_total{model_name=\"org/m1\"} 0",
                "vllm:prefix_cache_hits_total{model_name=\"org/m1\"} 0",
                "vllm:request_success_total{model_name=\"org/m1\",finished_reason=\"stop\"} 0",
                "vllm:request_queue_time_seconds_count{model_name=\"org/m1\"} 2",
                "simulator_faults_total{model_name=\"org/m1\",kind=\"rate_limit\"} 0");
        // every sample belongs to the family announced just before it
        String family = null;
        for (String line : lines) {
            if (line.startsWith("# TYPE ")) {
                family = line.split(" ")[2];
            } else if (!line.startsWith("#")) {
                assertThat(line).as(line).startsWith(family).matches("[a-z_:]+\\{model_name=\"[^\"]*\"(,[a-z_]+=\"[a-z_]+\")*} [0-9.E-]+");
            }
        }
    }

    @Test
    void quotesAndBackslashesInTheModelNameAreEscaped() {
        Instance server = new Instance(Profiles.resolve("m;model=a\"b\\c"), STILL);
        assertThat(MetricsText.of(server)).contains("vllm:num_requests_running{model_name=\"a\\\"b\\\\c\"} 0");
    }
}
