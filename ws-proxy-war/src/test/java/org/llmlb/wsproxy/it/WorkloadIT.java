package org.llmlb.wsproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Workloads and sweeps run headless against the simulator, both WARs on one real Payara Micro. */
class WorkloadIT {

    static RunsSystem runs;

    @BeforeAll
    static void start() throws Exception {
        runs = RunsSystem.onSharedServers();
    }

    static JsonObject finished(String card, Duration limit) throws Exception {
        RunsSystem.Answer started = runs.start(card);
        assertThat(started.status()).as(started.body().toString()).isEqualTo(201);
        JsonObject run = runs.awaitEnd(started.body().getString("id"), limit);
        assertThat(run.getString("state")).as(run.toString()).isEqualTo("finished");
        return run.getJsonObject("summary");
    }

    @Test
    void aSyntheticWorkloadSendsPromptsAndAnswersOfTheDrawnLengths() throws Exception {
        // the simulator counts prompt words and answers min(max_tokens, tokens): both lengths show in usage
        JsonObject summary = finished(RunsSystem.card(runs.simulator("ttft_ms=20;tps=500;tokens=1000"),
                "{\"type\":\"constant_concurrency\",\"concurrency\":3}", """
                "request_count":12,"workload":{"source":"synthetic","seed":5,
                 "input_tokens":{"type":"fixed","value":150},"output_tokens":{"type":"fixed","value":24},
                 "ignore_eos":true,"shared_prefix":{"groups":2,"tokens":40}}"""), Duration.ofSeconds(60));

        System.out.println("synthetic summary: " + summary);
        assertThat(summary.getInt("requests")).isEqualTo(12);
        assertThat(summary.getInt("errors")).isZero();
        assertThat(summary.getBoolean("tokens_estimated")).isFalse();
        assertThat(summary.getJsonNumber("prompt_tokens").longValue()).isEqualTo(12 * (150 + 40));
        assertThat(summary.getJsonNumber("output_tokens").longValue()).isEqualTo(12 * 24);
        assertThat(summary.get("sweep")).isEqualTo(JsonValue.NULL);
    }

    @Test
    void aShareGptUploadRunsAsMultiTurnConversations() throws Exception {
        RunsSystem.Answer uploaded = runs.uploadDataset("chats.jsonl", """
                {"conversations":[{"from":"human","value":"one two three"},{"from":"gpt","value":"x"},{"from":"human","value":"four five"}]}
                {"conversations":[{"from":"human","value":"six"},{"from":"gpt","value":"y"},{"from":"human","value":"seven eight nine ten"}]}
                """);
        assertThat(uploaded.status()).as(uploaded.body().toString()).isEqualTo(201);
        assertThat(uploaded.body().getString("format")).isEqualTo("sharegpt");
        assertThat(uploaded.body().getInt("conversations")).isEqualTo(2);
        assertThat(uploaded.body().getInt("turns")).isEqualTo(4);
        String id = uploaded.body().getString("id");
        assertThat(runs.list("/ws-proxy/api/datasets").stream().map(d -> d.asJsonObject().getString("id"))).contains(id);

        JsonObject summary = finished(RunsSystem.card(runs.simulator("ttft_ms=10;tps=500;tokens=5"),
                "{\"type\":\"constant_concurrency\",\"concurrency\":1}",
                "\"request_count\":4,\"workload\":{\"source\":\"dataset\",\"dataset\":\"" + id + "\",\"turns\":2}"),
                Duration.ofSeconds(60));

        assertThat(summary.getInt("requests")).isEqualTo(4);
        assertThat(summary.getInt("errors")).isZero();
        // turn 2 carries turn 1 and the simulator's 5-word answer: 3 + (3 + 5 + 2) + 1 + (1 + 5 + 4)
        assertThat(summary.getJsonNumber("prompt_tokens").longValue()).isEqualTo(3 + 10 + 1 + 10);
    }

    @Test
    void aBadUploadIsRefusedWithEveryBadLineAndAnUnknownDatasetWithTheField() throws Exception {
        RunsSystem.Answer refused = runs.uploadDataset("bad.jsonl", "fine\n{\"prompt\":\"\"}\n{oops\n");

        assertThat(refused.status()).isEqualTo(422);
        JsonObject error = refused.body().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("invalid_dataset");
        assertThat(error.getString("message")).isEqualTo("invalid dataset: line 2 has an empty \"prompt\"");
        assertThat(error.getJsonArray("details").stream().map(d -> d.asJsonObject().getString("field")))
                .containsExactly("line 2", "line 3");

        RunsSystem.Answer unknown = runs.start(RunsSystem.card(runs.simulator("ttft_ms=10"),
                "{\"type\":\"constant_concurrency\",\"concurrency\":1}",
                "\"request_count\":1,\"workload\":{\"source\":\"dataset\",\"dataset\":\"ds-nope\"}"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body().getJsonObject("error").getJsonArray("details").stream()
                .map(d -> d.asJsonObject().getString("field"))).containsExactly("workload.dataset");
    }

    @Test
    void aSweepReportsEachRateAndItsKnee() throws Exception {
        JsonObject summary = finished(RunsSystem.card(runs.simulator("ttft_ms=50;tps=200;tokens=10"),
                "{\"type\":\"sweep\",\"rates\":3,\"step_seconds\":2,\"probe_seconds\":2,\"probe_concurrency\":4,"
                        + "\"poisson\":false}", "\"slo\":{\"ttft_p95_ms\":2000}"), Duration.ofSeconds(90));

        System.out.println("sweep summary: " + summary.get("sweep"));
        JsonObject sweep = summary.getJsonObject("sweep");
        double max = sweep.getJsonNumber("max_rate").doubleValue();
        // four slots of ~95 ms requests: about 40 a second
        assertThat(max).isBetween(10.0, 60.0);
        assertThat(sweep.getJsonObject("probe").getString("state")).isEqualTo("done");
        List<JsonObject> steps = sweep.getJsonArray("steps").getValuesAs(JsonObject.class);
        assertThat(steps).hasSize(3).allSatisfy(step -> {
            assertThat(step.getString("state")).isEqualTo("done");
            assertThat(step.keySet()).contains("rate", "throughput", "sent_rate", "ttft_ms", "itl_ms", "e2e_ms",
                    "goodput", "kept_up", "knee", "output_tokens_per_second");
            assertThat(step.getJsonObject("ttft_ms").keySet()).contains("p50", "p99");
            assertThat(step.getJsonNumber("goodput").doubleValue()).isPositive();
        });
        assertThat(steps.get(2).getJsonNumber("rate").doubleValue()).isCloseTo(max, org.assertj.core.data.Offset.offset(0.01));
        // the simulator has no capacity limit: a third of the probe's rate keeps up at least (on a shared
        // machine the highest rate's TTFT p99 may jump past 3× of the lowest's, so the knee is not pinned)
        assertThat(steps.get(0).getBoolean("kept_up")).as(steps.get(0).toString()).isTrue();
        int knee = sweep.getInt("knee_index");
        assertThat(steps.get(knee).getBoolean("knee")).isTrue();
        assertThat(sweep.getJsonNumber("knee_rate").doubleValue()).isEqualTo(steps.get(knee).getJsonNumber("rate").doubleValue());
        assertThat(sweep.getString("knee_rule")).contains("98 %");
    }
}
