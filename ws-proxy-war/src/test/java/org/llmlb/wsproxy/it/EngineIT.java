package org.llmlb.wsproxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.llmlb.wsproxy.it.RunsSystem.card;

import java.time.Duration;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine at scale and honest about itself, against the simulator on the same Payara Micro:
 * thousands of open streams on a fixed set of threads, the self-check, failed runs and the run list.
 */
class EngineIT {

    static RunsSystem runs;

    @BeforeAll
    static void start() throws Exception {
        runs = RunsSystem.onSharedServers();
    }

    static String started(String card) throws Exception {
        RunsSystem.Answer started = runs.start(card);
        assertThat(started.status()).as(started.body().toString()).isEqualTo(201);
        return started.body().getString("id");
    }

    /** Starts {@code card} and waits for its end: the run's last status. */
    static JsonObject ended(String card) throws Exception {
        return runs.awaitEnd(started(card), Duration.ofSeconds(60));
    }

    @Test
    void threeThousandOpenStreamsFinishOnAFixedSetOfThreadsAndTheBurstsLagIsFlagged() throws Exception {
        // one burst (the next would be due after the duration) of streams lasting 7.5 s each, so
        // all 3,000 are open at once even when sending them takes seconds on a busy machine
        String id = started(card(runs.simulator("ttft_ms=6000;tps=4;tokens=7"),
                "{\"type\":\"burst\",\"size\":3000,\"every_seconds\":600}", "\"duration_seconds\":1"));

        JsonObject open = runs.await(id, run -> run.getJsonObject("summary").getInt("in_flight") == 3000,
                Duration.ofSeconds(60)).getJsonObject("summary");
        long threadsWhileOpen = runs.threads("thread_count");
        JsonObject end = runs.awaitEnd(id, Duration.ofSeconds(120));
        long peak = runs.threads("thread_max_count");

        JsonObject summary = end.getJsonObject("summary");
        System.out.println("3,000 streams: " + threadsWhileOpen + " threads while open, peak " + peak + "; " + summary);
        assertThat(open.getInt("offered")).isEqualTo(3000);
        assertThat(end.getString("state")).isEqualTo("finished");
        assertThat(summary.getInt("requests")).isEqualTo(3000);
        assertThat(summary.getInt("errors")).isZero();
        assertThat(summary.getJsonNumber("output_tokens_per_second").doubleValue()
                * summary.getJsonNumber("duration_seconds").doubleValue()).isCloseTo(21_000, within(1.0));
        // a thread per open request would be 3,000 more, for the engine and again for the simulator
        assertThat(threadsWhileOpen).isLessThan(400);
        assertThat(peak).isLessThan(400);
        // 3,000 "at once" go out one after another from one thread: the spread is the engine's, and it says so
        JsonObject check = summary.getJsonObject("self_check");
        assertThat(check.getJsonObject("schedule_lag_ms").getJsonNumber("p99").doubleValue()).isGreaterThan(10);
        assertThat(check.getBoolean("client_bottleneck")).isTrue();
        assertThat(check.getString("warning")).contains("schedule lag p99");
    }

    @Test
    void anOpenLoopReportsTheRateItWasAskedForTheRateItSentItsLagAndCpu() throws Exception {
        JsonObject end = ended(card(runs.simulator("ttft_ms=20;tps=100;tokens=3"),
                "{\"type\":\"constant_rate\",\"rate\":100,\"poisson\":false}", "\"duration_seconds\":4"));

        JsonObject summary = end.getJsonObject("summary");
        JsonObject check = summary.getJsonObject("self_check");
        System.out.println("100/s for 4 s: " + summary);
        assertThat(end.getString("state")).isEqualTo("finished");
        assertThat(summary.getInt("offered")).isEqualTo(400);
        assertThat(summary.getInt("requests")).isEqualTo(400);
        assertThat(check.getJsonNumber("requested_rate").doubleValue()).isCloseTo(100, within(0.5));
        // what went out after the duration (a late scheduler on a busy machine) is not counted as sent in time
        assertThat(check.getJsonNumber("achieved_rate").doubleValue()).isCloseTo(100, within(10.0));
        assertThat(check.getJsonObject("schedule_lag_ms").keySet()).containsExactlyInAnyOrder("p50", "p99", "max");
        assertThat(check.getJsonNumber("engine_cpu_percent").doubleValue()).isPositive();
        assertThat(check.getJsonNumber("process_cpu_percent").doubleValue())
                .isGreaterThanOrEqualTo(check.getJsonNumber("engine_cpu_percent").doubleValue());
        assertThat(check.getInt("cpus")).isPositive();
    }

    @Test
    void aRunWhoseEveryRequestFailedEndsFailedWithItsErrorsBrokenDownAndNoPercentiles() throws Exception {
        JsonObject end = ended(card(runs.simulator("error_rate=1"),
                "{\"type\":\"constant_concurrency\",\"concurrency\":2}", "\"request_count\":10"));

        JsonObject summary = end.getJsonObject("summary");
        assertThat(end.getString("state")).isEqualTo("failed");
        assertThat(summary.getInt("errors")).isEqualTo(10);
        for (String metric : new String[] {"ttft_ms", "itl_ms", "tpot_ms", "e2e_ms"}) {
            assertThat(summary.isNull(metric)).as(metric + " is null").isTrue();
        }
        JsonObject kind = summary.getJsonArray("errors_by").getJsonObject(0);
        assertThat(summary.getJsonArray("errors_by")).hasSize(1);
        assertThat(kind.getInt("status")).isEqualTo(500);
        assertThat(kind.getString("code")).isEqualTo("simulated_failure");
        assertThat(kind.getInt("count")).isEqualTo(10);
        assertThat(kind.getString("message")).contains("Simulated failure");
    }

    @Test
    void theRunListHasEveryRunWithItsStateAndSummary() throws Exception {
        String id = ended(card(runs.simulator("ttft_ms=10;tps=100;tokens=2"),
                "{\"type\":\"constant_concurrency\",\"concurrency\":1}", "\"request_count\":2")).getString("id");

        JsonObject listed = runs.list().getValuesAs(JsonObject.class).stream()
                .filter(r -> r.getString("id").equals(id)).findFirst().orElseThrow();

        assertThat(listed.getString("name")).isEqualTo("it");
        assertThat(listed.getString("state")).isEqualTo("finished");
        assertThat(listed.getString("started_at")).isNotBlank();
        assertThat(listed.getJsonObject("summary").getInt("requests")).isEqualTo(2);
    }

    @Test
    void aCardWithoutLimitsIsToldWhatIsMissingOnce() throws Exception {
        RunsSystem.Answer rejected = runs.start(card(runs.simulator("ttft_ms=10"),
                "{\"type\":\"constant_concurrency\",\"concurrency\":1}", "\"slo\":{}"));

        assertThat(rejected.status()).isEqualTo(422);
        JsonObject detail = rejected.body().getJsonObject("error").getJsonArray("details").getJsonObject(0);
        assertThat(detail.getString("field")).isEqualTo("request_count");
        assertThat(detail.getString("message")).isEqualTo("is required when duration_seconds is not set");
    }
}
