package org.llmlb.balancer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmlb.testsupport.LbServer;
import org.llmlb.testsupport.Postgres;
import org.llmlb.testsupport.Until;

/**
 * Two balancer replicas on one real PostgreSQL (started here from the system's binaries): an
 * admin change on one routes on the other within a second, a deletion too, and the statistics
 * totals both write add up in the shared table.
 */
class ClusterIT {

    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final FakeUpstreams fakes = new FakeUpstreams();
    static Postgres postgres;
    static LbServer one;
    static LbServer two;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Postgres.binaries() != null, "PostgreSQL is not installed (apt-get install postgresql)");
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("user.dir"), "target"), "postgres-");
        postgres = Postgres.start(dir);
        Map<String, String> env = Map.of(
                "LB_DB_URL", postgres.jdbcUrl(),
                "LB_DB_USER", "lb",
                "LB_CLIENT_TOKENS", LbServer.CLIENT_TOKEN,
                "LB_STATS_FLUSH_SECONDS", "1",
                "LB_CACHE_MAX_ENTRIES", "0",
                "LB_ADMIN_RATE_LIMIT_RPM", "0");
        one = LbServer.start("replica-1", env);
        two = LbServer.start("replica-2", env);
    }

    @AfterAll
    static void stop() throws Exception {
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
        return http.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + LbServer.CLIENT_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m1\",\"messages\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aChangeOnOneReplicaRoutesOnTheOtherAndTheirTotalsAddUp() throws Exception {
        URI upstream = URI.create(fakes.wiremock("shared").baseUrl() + "/v1");
        long id = new Admin(one).endpoint("shared", upstream);

        double seen = Until.until(Duration.ofSeconds(5), "replica 2 routes to the endpoint created on replica 1",
                () -> chat(two).statusCode() == 200);
        System.out.printf("ClusterIT: an endpoint created on replica 1 routed on replica 2 after %.2f s%n", seen);
        assertThat(seen).as("seconds until replica 2 routed").isLessThan(2.0);

        for (int i = 0; i < 5; i++) {
            assertThat(chat(one).statusCode()).isEqualTo(200);
            assertThat(chat(two).statusCode()).isEqualTo(200);
        }
        Until.until(Duration.ofSeconds(10), "both replicas' requests added up in endpoint_totals",
                () -> storedRequests(id) >= 11);
        assertThat(storedRequests(id)).as("1 + 5 + 5 requests, none written over").isEqualTo(11);

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

    static long storedRequests(long endpointId) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), "lb", "");
             ResultSet r = c.createStatement().executeQuery(
                     "SELECT requests FROM endpoint_totals WHERE endpoint_id = " + endpointId)) {
            return r.next() ? r.getLong(1) : 0;
        }
    }
}
