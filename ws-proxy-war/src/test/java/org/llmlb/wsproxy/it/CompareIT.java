package org.llmlb.wsproxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmlb.wsproxy.it.RunsSystem.card;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /ws-proxy/api/runs/compare} over runs against two simulator speeds. */
class CompareIT {

    static RunsSystem runs;

    @BeforeAll
    static void start() throws Exception {
        runs = RunsSystem.onSharedServers();
    }

    static String ended(String matrix, String name) throws Exception {
        String card = card(runs.simulator(matrix), "{\"type\":\"constant_concurrency\",\"concurrency\":2}",
                "\"duration_seconds\":2").replace("\"name\":\"it\"", "\"name\":\"" + name + "\"");
        RunsSystem.Answer started = runs.start(card);
        assertThat(started.status()).as(started.body().toString()).isEqualTo(201);
        String id = started.body().getString("id");
        assertThat(runs.awaitEnd(id, Duration.ofSeconds(60)).getString("state")).isEqualTo("finished");
        return id;
    }

    @Test
    void theSlowerTargetShowsItsLongerTtftAgainstTheFaster() throws Exception {
        String fast = ended("ttft_ms=20;tps=200;tokens=8", "fast");
        String slow = ended("ttft_ms=150;tps=100;tokens=8", "slow");

        RunsSystem.Answer answer = runs.compare(fast + "," + slow);

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        JsonObject body = answer.body();
        System.out.println("comparison: " + body);
        assertThat(body.getString("baseline")).isEqualTo(fast);
        assertThat(body.getJsonArray("metrics").getJsonObject(0).getString("name")).isEqualTo("request_throughput");
        JsonObject first = body.getJsonArray("runs").getJsonObject(0), second = body.getJsonArray("runs").getJsonObject(1);
        assertThat(first.getString("name")).isEqualTo("fast");
        assertThat(second.getString("name")).isEqualTo("slow");
        assertThat(second.getString("base_url")).contains("ttft_ms=150");
        assertThat(second.getJsonObject("profile").getString("type")).isEqualTo("constant_concurrency");
        assertThat(first.getJsonObject("differences")).isEmpty();
        double fastTtft = first.getJsonObject("metrics").getJsonNumber("ttft_p50_ms").doubleValue();
        double slowTtft = second.getJsonObject("metrics").getJsonNumber("ttft_p50_ms").doubleValue();
        assertThat(slowTtft).isGreaterThan(fastTtft + 100);
        JsonObject ttft = second.getJsonObject("differences").getJsonObject("ttft_p50_ms");
        assertThat(ttft.getJsonNumber("absolute").doubleValue()).isCloseTo(slowTtft - fastTtft, org.assertj.core.api.Assertions.within(0.01));
        assertThat(ttft.getJsonNumber("percent").doubleValue()).isGreaterThan(100);
        assertThat(ttft.getString("change")).isEqualTo("worse");
        assertThat(second.getJsonObject("differences").getJsonObject("request_throughput").getString("change"))
                .isEqualTo("worse");
        // no SLOs: goodput is not a number to compare
        assertThat(second.getJsonObject("metrics").isNull("goodput")).isTrue();
        assertThat(second.getJsonObject("differences").getJsonObject("goodput").isNull("change")).isTrue();

        HttpResponse<String> html = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                runs.uri("/ws-proxy/api/runs/compare?ids=" + fast + "," + slow + "&format=html")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(html.statusCode()).isEqualTo(200);
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "reports"));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "reports", "comparison.html"), html.body());
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(html.body()).startsWith("<!doctype html>").contains("Comparison: fast vs slow", "class=\"diff worse\"")
                .doesNotContain("<script");
        assertThat(html.body().split("<svg", -1)).as("five overlaid charts").hasSize(6);
        assertThat(html.body().split("<polyline", -1).length - 1).as("a line per run and chart").isGreaterThanOrEqualTo(10);
    }

    @Test
    void fewerThanTwoRunsIsRefusedSayingWhatIsNeeded() throws Exception {
        String one = ended("ttft_ms=10;tps=500;tokens=4", "one");

        RunsSystem.Answer answer = runs.compare(one);

        assertThat(answer.status()).isEqualTo(422);
        JsonObject error = answer.body().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("invalid_comparison");
        assertThat(error.getString("message")).contains("at least two run ids");
        assertThat(error.getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("ids");
        assertThat(runs.compare("").status()).isEqualTo(422);
    }

    @Test
    void anUnknownRunIsANotFoundInTheOpenAiShape() throws Exception {
        String one = ended("ttft_ms=10;tps=500;tokens=4", "known");

        RunsSystem.Answer answer = runs.compare(one + ",no-such-run");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().getJsonObject("error").getString("code")).isEqualTo("run_not_found");
        assertThat(answer.body().getJsonObject("error").getString("message")).contains("no-such-run");
    }

    @Test
    void aRunningRunCannotBeComparedYet() throws Exception {
        String done = ended("ttft_ms=10;tps=500;tokens=4", "done");
        RunsSystem.Answer started = runs.start(card(runs.simulator("ttft_ms=10;tps=500;tokens=4"),
                "{\"type\":\"constant_concurrency\",\"concurrency\":1}", "\"duration_seconds\":60"));
        String running = started.body().getString("id");
        try {
            RunsSystem.Answer answer = runs.compare(done + "," + running);

            assertThat(answer.status()).isEqualTo(422);
            assertThat(answer.body().getJsonObject("error").getString("message")).contains("still running");
        } finally {
            runs.stop(running);
        }
    }
}
