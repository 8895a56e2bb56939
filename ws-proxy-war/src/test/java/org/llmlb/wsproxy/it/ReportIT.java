package org.llmlb.wsproxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.llmlb.wsproxy.it.RunsSystem.card;

import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /ws-proxy/api/runs/{id}/report}, HTML and JSON, of a headless run. */
class ReportIT {

    static Servers servers;
    static RunsSystem runs;
    static String id;
    static JsonObject summary;
    final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void run() throws Exception {
        servers = Servers.shared();
        runs = new RunsSystem(servers);
        String card = card(runs.simulator("ttft_ms=40;tps=200;tokens=8"), "{\"type\":\"constant_concurrency\",\"concurrency\":2}",
                "\"duration_seconds\":3,\"slo\":{\"ttft_p95_ms\":1000}").replace("\"name\":\"it\"", "\"name\":\"<b>report</b>\"");
        id = runs.start(card).body().getString("id");
        summary = runs.awaitEnd(id, Duration.ofSeconds(60)).getJsonObject("summary");
    }

    HttpResponse<String> get(String query) throws Exception {
        return client.send(HttpRequest.newBuilder(servers.uri("/ws-proxy/api/runs/" + id + "/report" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theHtmlReportIsOneSelfContainedPageWithChartsCardAndEnvironment() throws Exception {
        HttpResponse<String> answer = get("");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String html = answer.body();
        assertThat(html).startsWith("<!doctype html>").contains("<style>").doesNotContain("<script", "<link", "src=");
        assertThat(html).contains("Run report: &lt;b&gt;report&lt;/b&gt;").doesNotContain("<b>report</b>");
        assertThat(html.split("<svg", -1)).hasSize(5);
        assertThat(html).contains("<polyline", "ttft_ms=40", "Environment", "Java", "CPUs", "SLO", "ttft_p95_ms")
                .doesNotContain("\"k\"");
    }

    @Test
    void theJsonReportUsesVllmBenchNamesForTheSameNumbers() throws Exception {
        HttpResponse<String> answer = get("?format=json");

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonObject json = Json.createReader(new StringReader(answer.body())).readObject();
        System.out.println("report json: " + answer.body().substring(0, Math.min(1500, answer.body().length())));
        long requests = summary.getJsonNumber("requests").longValue(), errors = summary.getJsonNumber("errors").longValue();
        assertThat(json.getJsonNumber("completed").longValue()).isEqualTo(requests - errors);
        assertThat(json.getJsonNumber("num_prompts").longValue()).isEqualTo(summary.getJsonNumber("offered").longValue());
        assertThat(json.getString("request_rate")).isEqualTo("inf");
        assertThat(json.getInt("max_concurrency")).isEqualTo(2);
        assertThat(json.getJsonNumber("median_ttft_ms").doubleValue())
                .isEqualTo(summary.getJsonObject("ttft_ms").getJsonNumber("p50").doubleValue());
        assertThat(json.getJsonNumber("p99_e2el_ms").doubleValue())
                .isEqualTo(summary.getJsonObject("e2e_ms").getJsonNumber("p99").doubleValue());
        assertThat(json.getJsonNumber("mean_itl_ms").doubleValue())
                .isEqualTo(summary.getJsonObject("itl_ms").getJsonNumber("mean").doubleValue());
        assertThat(json.getJsonNumber("output_throughput").doubleValue())
                .isEqualTo(summary.getJsonNumber("output_tokens_per_second").doubleValue());
        assertThat(json.getJsonNumber("request_throughput").doubleValue())
                .isCloseTo((requests - errors) / summary.getJsonNumber("duration_seconds").doubleValue(), within(0.5));
        assertThat(json.getJsonNumber("request_goodput").doubleValue()).isPositive();
        JsonObject ours = json.getJsonObject("llmlb");
        assertThat(ours.getJsonObject("card").getString("base_url")).contains("ttft_ms=40");
        assertThat(ours.getJsonObject("card").containsKey("api_key")).isFalse();
        assertThat(ours.getJsonObject("card").getJsonObject("slo").getJsonNumber("ttft_p95_ms").doubleValue()).isEqualTo(1000);
        assertThat(ours.getJsonObject("environment").getInt("cpus")).isPositive();
        long perSecond = ours.getJsonArray("timeline").stream()
                .mapToLong(p -> p.asJsonObject().getJsonNumber("requests").longValue()).sum();
        assertThat(perSecond).as("the timeline holds every completion").isEqualTo(requests);
    }

    @Test
    void anUnknownFormatOrRunIsRefusedInTheOpenAiShape() throws Exception {
        HttpResponse<String> xml = get("?format=xml");
        assertThat(xml.statusCode()).isEqualTo(422);
        assertThat(xml.body()).contains("\"code\":\"invalid_format\"");

        HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(
                servers.uri("/ws-proxy/api/runs/nope/report")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"code\":\"run_not_found\"");
    }
}
