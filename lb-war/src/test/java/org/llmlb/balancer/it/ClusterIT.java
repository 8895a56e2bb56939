package org.llmlb.balancer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.llmlb.balancer.it.ui.FlowEditor;
import org.llmlb.testsupport.HeadlessChrome;
import org.llmlb.testsupport.LbServer;
import org.llmlb.testsupport.Postgres;
import org.llmlb.testsupport.Until;

/**
 * Three balancer replicas on one real PostgreSQL (started here from the system's binaries) and
 * one data grid (Payara's, found by TCP/IP on loopback): an admin change on one routes on the
 * others within a second, a deletion too; statistics totals and client-token usage add up; a
 * cooldown opened on one holds on all and is probed once; a 70/30 split holds overall while the
 * replicas get 60/30/10 of the traffic; a cluster-wide {@code max_concurrent} holds; a replica
 * killed mid-traffic loses nothing and rejoins.
 */
class ClusterIT {

    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final FakeUpstreams fakes = new FakeUpstreams();
    static Postgres postgres;
    static LbServer one;
    static LbServer two;
    static LbServer three;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Postgres.binaries() != null, "PostgreSQL is not installed (apt-get install postgresql)");
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("user.dir"), "target"), "postgres-");
        postgres = Postgres.start(dir);
        int[] grid = {freePort(), freePort(), freePort()};
        String members = "127.0.0.1:" + grid[0] + ",127.0.0.1:" + grid[1] + ",127.0.0.1:" + grid[2];
        Map<String, String> env = Map.of(
                "LB_DB_URL", postgres.jdbcUrl(),
                "LB_DB_USER", "lb",
                "LB_CLIENT_TOKENS", LbServer.CLIENT_TOKEN,
                "LB_STATS_FLUSH_SECONDS", "1",
                "LB_CACHE_MAX_ENTRIES", "0",
                "LB_ADMIN_RATE_LIMIT_RPM", "0",
                "LB_FAIL_THRESHOLD", "2",
                "LB_COOLDOWN_SECONDS", "3",
                "LB_QUEUE_TIMEOUT_SECONDS", "30",
                "LB_CLUSTER_MEMBERS", members);
        one = LbServer.start("replica-1", replica(env, 1, grid[0]));
        two = LbServer.start("replica-2", replica(env, 2, grid[1]));
        three = LbServer.start("replica-3", replica(env, 3, grid[2]));
        Until.until(Duration.ofSeconds(30), "every replica sees the other two",
                () -> members(one) == 3 && members(two) == 3 && members(three) == 3);
    }

    static Map<String, String> replica(Map<String, String> common, int n, int gridPort) {
        Map<String, String> env = new HashMap<>(common);
        env.put("LB_CLUSTER_PORT", Integer.toString(gridPort));
        env.put("LB_REPLICA_NAME", "replica-" + n);
        return env;
    }

    static int members(LbServer server) {
        JsonNode cluster = new Admin(server).state().get("cluster");
        return cluster == null ? 0 : cluster.get("members").size();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @BeforeEach
    void blank() throws Exception {
        new Admin(one).deleteAllEndpoints();
        for (LbServer replica : List.of(one, two, three)) {
            // the admin views read the database; routing forgets them once the replica reloaded
            Until.until(Duration.ofSeconds(5), "a replica routes to none of the endpoints deleted on replica 1",
                    () -> chat(replica).statusCode() == 503);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (three != null) {
            three.close();
        }
        if (two != null) {
            two.close();
        }
        if (one != null) {
            one.close();
        }
        fakes.close();
        if (postgres != null) {
            postgres.close();
        }
    }

    static HttpResponse<String> chat(LbServer server) throws Exception {
        return chat(server, LbServer.CLIENT_TOKEN);
    }

    static HttpResponse<String> chat(LbServer server, String token) throws Exception {
        return http.send(chatRequest(server, token), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest chatRequest(LbServer server, String token) {
        return HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m1\",\"messages\":[]}")).build();
    }

    @Test
    void aChangeOnOneReplicaRoutesOnTheOtherAndTheirTotalsAddUp() throws Exception {
        URI upstream = URI.create(fakes.wiremock("shared").baseUrl() + "/v1");
        long id = new Admin(one).endpoint("shared", upstream);

        double seenOnTwo = Until.until(Duration.ofSeconds(5), "replica 2 routes to the endpoint created on replica 1",
                () -> chat(two).statusCode() == 200);
        double seen = Math.max(seenOnTwo, Until.until(Duration.ofSeconds(5),
                "replica 3 routes to the endpoint created on replica 1", () -> chat(three).statusCode() == 200));
        System.out.printf("ClusterIT: an endpoint created on replica 1 routed on replicas 2 and 3 after %.2f s%n", seen);
        assertThat(seen).as("seconds until replicas 2 and 3 routed").isLessThan(1.0);

        for (int i = 0; i < 5; i++) {
            assertThat(chat(one).statusCode()).isEqualTo(200);
            assertThat(chat(two).statusCode()).isEqualTo(200);
        }
        Until.until(Duration.ofSeconds(10), "the replicas' requests added up in endpoint_totals",
                () -> storedRequests(id) >= 12);
        assertThat(storedRequests(id)).as("1 + 1 + 5 + 5 requests, none written over").isEqualTo(12);

        assertThat(new Admin(two).call("DELETE", "/endpoints/" + id, null).status()).isEqualTo(204);
        double gone = Until.until(Duration.ofSeconds(5), "replica 1 stops routing to the endpoint deleted on replica 2",
                () -> chat(one).statusCode() == 503);
        System.out.printf("ClusterIT: an endpoint deleted on replica 2 was gone on replica 1 after %.2f s%n", gone);
        assertThat(gone).isLessThan(2.0);
        assertThat(new Admin(one).call("GET", "/endpoints", null).body()).isEmpty();
    }

    @Test
    void aReplicaKilledMidTrafficLosesNoAcknowledgedWriteAndRejoinsWithTheCurrentState() throws Exception {
        URI upstream = URI.create(fakes.wiremock("survivor").baseUrl() + "/v1");
        long id = new Admin(one).endpoint("survivor", upstream);
        Until.until(Duration.ofSeconds(5), "replica 2 routes to the endpoint created on replica 1",
                () -> chat(two).statusCode() == 200);
        try {
            one.kill();
            for (int i = 0; i < 5; i++) {
                assertThat(chat(two).statusCode()).as("replica 2 serves while replica 1 is gone").isEqualTo(200);
            }
            // a change while replica 1 is down: it must start from it
            assertThat(new Admin(two).call("PATCH", "/endpoints/" + id, Map.of("name", "survivor-2")).status())
                    .isEqualTo(200);
            one.restart();
            double back = Until.until(Duration.ofSeconds(10), "replica 1 routes again after its restart",
                    () -> chat(one).statusCode() == 200);
            System.out.printf("ClusterIT: replica 1, killed and restarted, routed %.2f s after it was ready%n", back);
            assertThat(new Admin(one).call("GET", "/endpoints", null).body().get(0).get("name").asText())
                    .as("the name changed while replica 1 was down").isEqualTo("survivor-2");
        } finally {
            new Admin(two).call("DELETE", "/endpoints/" + id, null);
            Until.until(Duration.ofSeconds(5), "replica 1 forgets the endpoint deleted on replica 2",
                    () -> chat(one).statusCode() == 503);
        }
    }

    @Test
    void aCooldownOpenedOnOneReplicaHoldsOnAllAndIsProbedOnceForTheCluster() throws Exception {
        WireMockServer broken = fakes.wiremock("broken");
        broken.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(500)));
        long id = new Admin(one).endpoint("broken", FakeUpstreams.base(broken));
        Until.until(Duration.ofSeconds(5), "replicas 2 and 3 know the endpoint created on replica 1",
                () -> cooling(two, id) != null && cooling(three, id) != null);

        // two failures through replica 1 open its cooldown (LB_FAIL_THRESHOLD 2)
        assertThat(chat(one).statusCode()).isGreaterThanOrEqualTo(500);
        assertThat(chat(one).statusCode()).isGreaterThanOrEqualTo(500);
        assertThat(cooling(one, id)).as("replica 1 cools the endpoint down").isTrue();
        double spread = Until.until(Duration.ofSeconds(5), "the cooldown of replica 1 holds on replicas 2 and 3",
                () -> cooling(two, id) && cooling(three, id));
        System.out.printf("ClusterIT: a cooldown opened on replica 1 held on replicas 2 and 3 after %.2f s%n", spread);
        assertThat(spread).as("seconds until all three cooled it down").isLessThan(1.0);
        assertThat(chat(two).statusCode()).as("replica 2 sends nothing to it").isEqualTo(503);

        // half-open after LB_COOLDOWN_SECONDS: one probe for the cluster, from replica 1
        Until.until(Duration.ofSeconds(10), "replica 1's cooldown period ends", () -> !cooling(one, id));
        int before = broken.countRequestsMatching(postRequestedFor(urlEqualTo("/v1/chat/completions")).build()).getCount();
        for (int i = 0; i < 3; i++) {
            assertThat(chat(two).statusCode()).as("no probe from replica 2").isEqualTo(503);
            assertThat(chat(three).statusCode()).as("no probe from replica 3").isEqualTo(503);
        }
        assertThat(chat(one).statusCode()).as("replica 1's probe fails").isGreaterThanOrEqualTo(500);
        assertThat(chat(one).statusCode()).as("reopened after the failed probe").isEqualTo(503);
        int probes = broken.countRequestsMatching(postRequestedFor(urlEqualTo("/v1/chat/completions")).build()).getCount()
                - before;
        System.out.printf("ClusterIT: half-open, 9 requests over 3 replicas sent %d probe(s)%n", probes);
        assertThat(probes).as("probes sent in the half-open period").isEqualTo(1);

        // the backend recovers: replica 1's next probe closes the cooldown everywhere
        broken.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(okJson(FakeUpstreams.COMPLETION.formatted("broken"))));
        Until.until(Duration.ofSeconds(10), "replica 1's second cooldown period ends", () -> !cooling(one, id));
        assertThat(chat(one).statusCode()).as("the probe succeeds").isEqualTo(200);
        double closed = Until.until(Duration.ofSeconds(5), "replicas 2 and 3 route to it again",
                () -> chat(two).statusCode() == 200 && chat(three).statusCode() == 200);
        System.out.printf("ClusterIT: the cooldown closed on replica 1 and on 2 and 3 after %.2f s%n", closed);
    }

    /** Whether the replica shows the endpoint cooling down; null while it does not know it. */
    static Boolean cooling(LbServer server, long id) {
        for (JsonNode e : new Admin(server).state().get("endpoints")) {
            if (e.get("id").asLong() == id) {
                return e.get("in_cooldown").asBoolean();
            }
        }
        return null;
    }

    @Test
    void aSeventyThirtySplitHoldsOverallWhileTheReplicasGetSixtyThirtyTen() throws Exception {
        WireMockServer seventy = fakes.wiremock("seventy");
        WireMockServer thirty = fakes.wiremock("thirty");
        new Admin(one).endpoint("seventy", FakeUpstreams.base(seventy), "token_quota_percent", 70);
        new Admin(one).endpoint("thirty", FakeUpstreams.base(thirty), "token_quota_percent", 30);
        // the admin views read the database; routing has them once a replica reloaded (and found their models)
        Until.until(Duration.ofSeconds(5), "replicas 2 and 3 route to both endpoints", () -> routesToBoth(two)
                && routesToBoth(three));

        LbServer[] byWeight = {one, one, one, one, one, one, two, two, two, three};
        Map<String, Integer> counts = new TreeMap<>();
        int requests = 600;
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> answer = chat(byWeight[i % byWeight.length]);
            assertThat(answer.statusCode()).isEqualTo(200);
            counts.merge(answer.headers().firstValue("X-LB-Endpoint").orElse("?"), 1, Integer::sum);
        }
        double share = 100.0 * counts.getOrDefault("seventy", 0) / requests;
        System.out.printf("ClusterIT: quotas 70/30, traffic 60/30/10 over the replicas: %s, %.1f %% to 'seventy'%n",
                counts, share);
        assertThat(share).as("the share of 'seventy' over the cluster").isBetween(65.0, 75.0);
    }

    /** Whether the replica sent a request to each of the two endpoints, in up to 8 tries. */
    static boolean routesToBoth(LbServer replica) throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 8 && seen.size() < 2; i++) {
            HttpResponse<String> answer = chat(replica);
            if (answer.statusCode() != 200) {
                return false;
            }
            seen.add(answer.headers().firstValue("X-LB-Endpoint").orElse("?"));
        }
        return seen.size() == 2;
    }

    @Test
    void maxConcurrentHoldsAcrossTheCluster() throws Exception {
        CountingUpstream slow = new CountingUpstream("slow", 400);
        fakes.add(slow);
        new Admin(one).endpoint("slow", slow.base(), "max_concurrent", 6);
        Until.until(Duration.ofSeconds(5), "replicas 2 and 3 route to the capped endpoint",
                () -> chat(two).statusCode() == 200 && chat(three).statusCode() == 200);

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        LbServer[] byWeight = {one, one, one, one, one, one, two, two, two, three};
        long started = System.nanoTime();
        int requests = 48;
        for (int i = 0; i < requests; i++) {
            answers.add(http.sendAsync(chatRequest(byWeight[i % byWeight.length], LbServer.CLIENT_TOKEN),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            statuses.merge(answer.get(90, TimeUnit.SECONDS).statusCode(), 1, Integer::sum);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("ClusterIT: max_concurrent 6 over 3 replicas, %d requests (60/30/10): at most %d at once"
                + " upstream, answers %s, %.2f s (%.2f s if 6 always ran)%n",
                requests, slow.highest(), statuses, seconds, requests / 6 * 0.4);
        assertThat(slow.highest()).as("requests at once at the upstream").isLessThanOrEqualTo(6);
        assertThat(statuses).as("every request waited for a slot and was served").isEqualTo(Map.of(200, requests));
    }

    @Test
    void clientTokenUsageAddsUpOverTheReplicas() throws Exception {
        WireMockServer counted = fakes.wiremock("counted");
        new Admin(one).endpoint("counted", FakeUpstreams.base(counted));
        Admin.Answer created = new Admin(one).call("POST", "/tokens", Map.of("name", "shared-team"));
        assertThat(created.status()).isEqualTo(201);
        String token = created.body().get("token").asText();
        long tokenId = created.body().get("id").asLong();
        // one success on each: refused tries are not counted
        Until.until(Duration.ofSeconds(5), "replica 2 accepts the token created on replica 1",
                () -> chat(two, token).statusCode() == 200);
        Until.until(Duration.ofSeconds(5), "replica 3 accepts the token created on replica 1",
                () -> chat(three, token).statusCode() == 200);
        int sent = 0;
        for (LbServer replica : List.of(one, one, one, one, two, two, three)) {
            assertThat(chat(replica, token).statusCode()).isEqualTo(200);
            sent++;
        }
        Until.until(Duration.ofSeconds(10), "the token's stored requests", () -> requests(one, tokenId),
                n -> n >= 2 + 7);
        for (LbServer replica : List.of(one, two, three)) {
            Until.until(Duration.ofSeconds(10), "each replica shows the cluster's sum", () -> requests(replica, tokenId),
                    n -> n == 2 + 7);
        }
        System.out.printf("ClusterIT: a client token used %d times over 3 replicas (+2 to find it) shows %d on each%n",
                sent, requests(two, tokenId));
        new Admin(one).call("DELETE", "/tokens/" + tokenId, null);
    }

    static long requests(LbServer server, long tokenId) {
        for (JsonNode t : new Admin(server).call("GET", "/tokens", null).body()) {
            if (t.get("id").asLong() == tokenId) {
                return t.get("requests").asLong();
            }
        }
        return -1;
    }

    @Test
    void replicasCutOffFromTheDatabaseRouteOnAndRefuseAdminWritesCleanly() throws Exception {
        WireMockServer steady = fakes.wiremock("steady");
        long id = new Admin(one).endpoint("steady", FakeUpstreams.base(steady));
        Until.until(Duration.ofSeconds(5), "replicas 2 and 3 route to the endpoint created on replica 1",
                () -> chat(two).statusCode() == 200 && chat(three).statusCode() == 200);
        postgres.stopServer();
        try {
            for (LbServer replica : List.of(one, two, three)) {
                assertThat(chat(replica).statusCode()).as("routing goes on without the database").isEqualTo(200);
            }
            Admin.Answer created = new Admin(two).call("POST", "/endpoints", Map.of("name", "during-outage",
                    "base_url", FakeUpstreams.base(steady).toString(), "connected", true));
            assertThat(created.status()).as(created.raw().body()).isEqualTo(503);
            assertThat(created.body().at("/error/code").asText()).isEqualTo("database_unavailable");
            assertThat(created.raw().headers().firstValue("Retry-After")).isPresent();
            Admin.Answer renamed = new Admin(one).call("PATCH", "/endpoints/" + id, Map.of("name", "renamed-in-outage"));
            assertThat(renamed.status()).as(renamed.raw().body()).isEqualTo(503);
            for (LbServer replica : List.of(one, two, three)) {
                HttpResponse<String> answer = chat(replica);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.headers().firstValue("X-LB-Endpoint")).as("the name loaded last").hasValue("steady");
            }
        } finally {
            postgres.startServer();
        }
        double back = Until.until(Duration.ofSeconds(60), "an admin write works again once the database is back",
                () -> new Admin(two).call("PATCH", "/endpoints/" + id, Map.of("name", "steady-2")).status() == 200);
        System.out.printf("ClusterIT: the database stopped: proxied requests went on, admin writes got 503;"
                + " a write worked %.2f s after it was back%n", back);
        JsonNode endpoints = new Admin(one).call("GET", "/endpoints", null).body();
        assertThat(endpoints).hasSize(1);
        assertThat(endpoints.get(0).get("name").asText()).as("nothing of the refused writes").isEqualTo("steady-2");
    }

    @Test
    void theAdminUiOfAReplicaNamesItAndCountsTheReplicas() throws Exception {
        assumeTrue(HeadlessChrome.available(), HeadlessChrome.REQUIRES);
        WebDriver driver = HeadlessChrome.start();
        try {
            FlowEditor editor = FlowEditor.open(driver, two.uri(), LbServer.ADMIN_TOKEN);
            WebElement box = editor.until(d -> d.findElement(By.id("f-cluster-box")).isDisplayed()
                    ? d.findElement(By.id("f-cluster-box")) : null);
            editor.until(() -> "footer reads 'replica-2 of 3 replicas': " + box.getText(),
                    d -> box.getText().equals("replica-2 of 3 replicas"));
            assertThat(box.getAttribute("title")).contains("replica-2 (this one)").contains("replica-1:")
                    .contains("replica-3:");
            editor.shot("cluster-footer");
        } finally {
            driver.quit();
        }
    }

    static long storedRequests(long endpointId) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), "lb", "");
             ResultSet r = c.createStatement().executeQuery(
                     "SELECT requests FROM endpoint_totals WHERE endpoint_id = " + endpointId)) {
            return r.next() ? r.getLong(1) : 0;
        }
    }
}
