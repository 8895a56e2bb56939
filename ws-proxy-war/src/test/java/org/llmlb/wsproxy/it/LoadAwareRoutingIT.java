package org.llmlb.wsproxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmlb.testsupport.Until.until;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmlb.testsupport.LbServer;

/**
 * The balancer's load-aware routing against simulators that saturate like vLLM, driven by the
 * Load Producer: the two scenarios of the routing issue, each asserting the direction and
 * printing the numbers (the README records them).
 */
class LoadAwareRoutingIT {

    /** Scenario sizes, changeable with -Dit.rate, -Dit.pfx (system prompt words), -Dit.blocks (prefix cache). */
    static final int RATE = Integer.getInteger("it.rate", 70);
    static final int PFX_TOKENS = Integer.getInteger("it.pfx", 400);
    static final int PFX_BLOCKS = Integer.getInteger("it.blocks", 512);
    static final String TOKEN = "load-aware-admin-token-0123";
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static Servers servers;
    static RunsSystem runs;
    static LbServer balancer;

    @BeforeAll
    static void start() throws Exception {
        servers = Servers.shared();
        runs = new RunsSystem(servers);
        balancer = Balancer.server("load-aware", TOKEN, Map.of("LB_MODELS_REFRESH_SECONDS", "2",
                "LB_LOAD_POLL_MILLIS", "500"));
    }

    @AfterAll
    static void stop() {
        if (balancer != null) {
            balancer.close();
        }
    }

    static HttpResponse<String> admin(String method, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(balancer.uri("/admin/api" + path)).timeout(Duration.ofSeconds(30))
                .header("X-Admin-Token", TOKEN).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static void blank() throws Exception {
        HttpResponse<String> list = admin("GET", "/endpoints", null);
        for (var e : Json.createReader(new StringReader(list.body())).readArray()) {
            admin("DELETE", "/endpoints/" + e.asJsonObject().getJsonNumber("id").longValue(), null);
        }
    }

    static void endpoint(String name, String simulatorMatrix, double quota, int priority) throws Exception {
        String body = Json.createObjectBuilder().add("name", name)
                .add("base_url", servers.uri("/sim/custom;" + simulatorMatrix + "/v1").toString())
                .add("connected", true).add("token_quota_percent", quota).add("priority_order", priority)
                .build().toString();
        HttpResponse<String> created = admin("POST", "/endpoints", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    static void routing(String mode, String affinity) throws Exception {
        HttpResponse<String> answer = admin("PATCH", "/routing", "{\"mode\":\"" + mode + "\",\"affinity\":\"" + affinity + "\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    static JsonObject run(String card, Duration limit) throws Exception {
        RunsSystem.Answer started = runs.start(card);
        assertThat(started.status()).as(started.body().toString()).isEqualTo(201);
        JsonObject run = runs.awaitEnd(started.body().getString("id"), limit);
        assertThat(run.getString("state")).as(run.toString()).isEqualTo("finished");
        return run.getJsonObject("summary");
    }

    static double ttft(JsonObject summary, String percentile) {
        return summary.getJsonObject("ttft_ms").getJsonNumber(percentile).doubleValue();
    }

    /** Waits until the balancer routes the model to every endpoint (it reads each one's /models first). */
    static void awaitDiscovered(int endpoints) throws Exception {
        until(Duration.ofSeconds(30), "models of " + endpoints + " endpoints discovered", () -> {
            var list = Json.createReader(new StringReader(admin("GET", "/endpoints", null).body())).readArray();
            return list.size() == endpoints && list.stream().allMatch(e -> "ok".equals(
                    e.asJsonObject().getJsonObject("discovery").getString("status")));
        });
    }

    @Test
    void leastLoadMatchesTunedQuotasBeatsPriorityAndCopesWithUntunedQuotasOnServersOfUnequalCapacity() throws Exception {
        blank();
        // 20 tokens at 100/s after 20 ms: 0.21 s a request; 4 and 12 sequences: about 19 and 57 requests/s
        endpoint("small", "max_num_seqs=4;ttft_ms=20;tps=100;tokens=20;model=sim-cap", 25, 1);
        endpoint("large", "max_num_seqs=12;ttft_ms=20;tps=100;tokens=20;model=sim-cap", 75, 0);
        awaitDiscovered(2);
        // 70 requests/s offered: 92 % of the two servers' combined capacity
        String card = RunsSystem.card(balancer.uri("/v1").toString(),
                "{\"type\":\"constant_rate\",\"rate\":" + RATE + ",\"poisson\":true}", "\"duration_seconds\":12")
                .replace("\"model\":\"m\"", "\"model\":\"sim-cap\"");
        Map<String, JsonObject> byMode = new LinkedHashMap<>();
        for (String mode : List.of("percentage", "priority", "least_load")) {
            routing(mode, "none");
            byMode.put(mode + " (quotas 25/75)", run(card, Duration.ofSeconds(90)));
        }
        for (var e : Json.createReader(new StringReader(admin("GET", "/endpoints", null).body())).readArray()) {
            assertThat(e.asJsonObject().get("load_signal")).as("the simulator's load report on %s", e)
                    .isInstanceOf(JsonObject.class);
            assertThat(e.asJsonObject().getJsonObject("load_signal").getJsonNumber("waiting")).isNotNull();
            assertThat(e.asJsonObject().getJsonObject("load_signal").getJsonNumber("server_load"))
                    .as("the simulator's GET /load, polled, on %s", e).isNotNull();
            assertThat(e.asJsonObject().getJsonObject("load_signal").getJsonNumber("server_load_age_seconds")
                    .doubleValue()).as("polled every 0.5 s").isLessThan(2.0);
        }
        // quotas not tuned to the servers: an even split overloads the small one
        for (var e : Json.createReader(new StringReader(admin("GET", "/endpoints", null).body())).readArray()) {
            admin("PATCH", "/endpoints/" + e.asJsonObject().getJsonNumber("id").longValue(), "{\"token_quota_percent\":50}");
        }
        for (String mode : List.of("percentage", "least_load")) {
            routing(mode, "none");
            byMode.put(mode + " (quotas 50/50)", run(card, Duration.ofSeconds(90)));
        }

        byMode.forEach((mode, s) -> System.out.printf("unequal capacity, %s: TTFT p50 %.0f ms, p95 %.0f ms, %.1f req/s,"
                        + " goodput %.1f, errors %d, endpoints %s%n", mode, ttft(s, "p50"), ttft(s, "p95"),
                s.getJsonNumber("requests_per_second").doubleValue(), s.getJsonNumber("goodput").doubleValue(),
                s.getJsonNumber("errors").longValue(), s.getJsonObject("endpoints").keySet()));
        byMode.values().forEach(s -> assertThat(s.getJsonNumber("errors").longValue()).isZero());
        double leastLoad = ttft(byMode.get("least_load (quotas 25/75)"), "p95");
        assertThat(leastLoad).as("least_load against priority").isLessThan(ttft(byMode.get("priority (quotas 25/75)"), "p95"));
        // with quotas at the capacity ratio the token split is already close to the best: as good, within noise
        assertThat(leastLoad).as("least_load against tuned quotas")
                .isLessThan(2 * ttft(byMode.get("percentage (quotas 25/75)"), "p95") + 30);
        assertThat(ttft(byMode.get("least_load (quotas 50/50)"), "p95")).as("least_load against untuned quotas")
                .isLessThan(ttft(byMode.get("percentage (quotas 50/50)"), "p95"));
    }

    @Test
    void prefixAffinityRaisesThePrefixCacheHitRateAndLowersTtft() throws Exception {
        blank();
        // a long prefill (1 ms a prompt word) that a cached prefix skips; the cache holds about half the
        // prefixes; the seed only tells the two apart
        String common = "max_num_seqs=16;ttft_ms=5;tps=200;tokens=16;prefill_ms_per_token=1;block_size=16;"
                + "prefix_cache_blocks=" + PFX_BLOCKS + ";model=sim-pfx";
        endpoint("pfx-a", common + ";seed=1", 50, 0);
        endpoint("pfx-b", common + ";seed=2", 50, 0);
        awaitDiscovered(2);
        // conversations of six turns, each starting with one of 16 system prompts of 400 words
        String card = RunsSystem.card(balancer.uri("/v1").toString(),
                        "{\"type\":\"constant_concurrency\",\"concurrency\":8}", """
                        "duration_seconds":12,"workload":{"source":"synthetic","seed":3,
                         "input_tokens":{"type":"fixed","value":40},"output_tokens":{"type":"fixed","value":16},
                         "shared_prefix":{"groups":16,"tokens":%d},"turns":6}""".formatted(PFX_TOKENS))
                .replace("\"model\":\"m\"", "\"model\":\"sim-pfx\"");
        Map<String, double[]> byAffinity = new LinkedHashMap<>();
        for (String affinity : List.of("none", "prefix")) {
            routing("percentage", affinity);
            double[] before = cache(common);
            JsonObject summary = run(card, Duration.ofSeconds(90));
            double[] after = cache(common);
            double hitRate = (after[0] - before[0]) / Math.max(1, after[1] - before[1]);
            byAffinity.put(affinity, new double[]{hitRate, ttft(summary, "p50"), ttft(summary, "p95"),
                    summary.getJsonNumber("requests").longValue()});
        }

        byAffinity.forEach((affinity, n) -> System.out.printf("prefix cache, affinity %s: hit rate %.0f %%, TTFT p50 %.0f ms,"
                + " p95 %.0f ms, %d requests%n", affinity, 100 * n[0], n[1], n[2], (long) n[3]));
        assertThat(byAffinity.get("prefix")[0]).as("prefix cache hit rate with affinity").isGreaterThan(byAffinity.get("none")[0]);
        assertThat(byAffinity.get("prefix")[1]).as("TTFT p50 with affinity").isLessThan(byAffinity.get("none")[1]);
    }

    /** Prefix cache hits and queries (tokens) of both simulator instances so far. */
    static double[] cache(String common) throws Exception {
        double hits = 0;
        double queries = 0;
        for (String seed : List.of(";seed=1", ";seed=2")) {
            String text = http.send(HttpRequest.newBuilder(URI.create(servers.uri("/sim/custom;" + common + seed + "/metrics")
                    .toString())).build(), HttpResponse.BodyHandlers.ofString()).body();
            hits += value(text, "vllm:prefix_cache_hits_total");
            queries += value(text, "vllm:prefix_cache_queries_total");
        }
        return new double[]{hits, queries};
    }

    static double value(String metrics, String family) {
        return metrics.lines().filter(l -> l.startsWith(family + "{") || l.startsWith(family + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
