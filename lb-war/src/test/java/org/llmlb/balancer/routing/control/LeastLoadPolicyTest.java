package org.llmlb.balancer.routing.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmlb.balancer.routing.control.RoutingFixture.endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.llmlb.balancer.routing.entity.RoutingMode;
import org.llmlb.balancer.routing.entity.PolledLoad;
import org.llmlb.balancer.routing.entity.ServerLoad;
import org.llmlb.balancer.routing.entity.Scope;

class LeastLoadPolicyTest {

    final RoutingFixture fixture = new RoutingFixture(RoutingMode.LEAST_LOAD,
            endpoint(1, "a", 0, 0, 0), endpoint(2, "b", 0, 0, 0), endpoint(3, "c", 0, 0, 0));

    Lease route() {
        return fixture.router.route(Scope.DEFAULT, null, Set.of(), 100);
    }

    @Test
    void tiesAmongIdleEndpointsAreSpreadNotAllGivenToTheFirst() {
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            Lease lease = route();
            first.merge(lease.upstream.name(), 1, Integer::sum);
            lease.release();
        }
        assertThat(first).containsOnlyKeys("a", "b", "c");
        assertThat(first.values()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
    }

    @Test
    void concurrentRequestsSpreadByWhatIsInFlight() {
        List<Lease> open = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            open.add(route());
        }
        assertThat(open).extracting(l -> l.upstream.name()).containsOnly("a", "b", "c");
        assertThat(fixture.upstreams.all()).allSatisfy(u -> assertThat(u.state().inflight()).isEqualTo(3));
    }

    @Test
    void aFasterEndpointTakesProportionallyMoreOfTheRequestsInFlight() {
        // recent throughput: a served three times the tokens of b and c
        fixture.upstreams.state(1).quotaTokens.add(3000);
        fixture.upstreams.state(2).quotaTokens.add(1000);
        fixture.upstreams.state(3).quotaTokens.add(1000);
        Map<String, Integer> inFlight = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            inFlight.merge(route().upstream.name(), 1, Integer::sum);
        }
        assertThat(inFlight.get("a")).isBetween(28, 32);
        assertThat(inFlight.get("b") + inFlight.get("c")).isBetween(18, 22);
    }

    @Test
    void anEndpointWithoutRecentTrafficCountsAsTypicalSoItIsTriedAtOnce() {
        fixture.upstreams.state(1).quotaTokens.add(1000);
        fixture.upstreams.state(2).quotaTokens.add(1000);
        // c has served nothing yet: as fast as the average, and idle, it is among the first choices
        Lease a = route();
        Lease b = route();
        Lease c = route();
        assertThat(List.of(a.upstream.name(), b.upstream.name(), c.upstream.name())).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void theBusiestEndpointIsLast() {
        for (int i = 0; i < 4; i++) {
            fixture.upstreams.state(2).tryAcquire(0);
        }
        List<String> order = new LeastLoadPolicy(2000).rank(new ArrayList<>(fixture.upstreams.all()), fixture.clock.millis()).stream().map(u -> u.name()).toList();
        assertThat(order.get(2)).isEqualTo("b");
    }

    @Test
    void configuredQuotasAreTheCapacitiesItBalancesTheRequestsInFlightBy() {
        RoutingFixture weighted = new RoutingFixture(RoutingMode.LEAST_LOAD,
                endpoint(1, "small", 25, 0, 0), endpoint(2, "large", 75, 0, 0));
        // whatever each served before: the operator's weights decide
        weighted.upstreams.state(1).quotaTokens.add(10_000);
        Map<String, Integer> inFlight = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            inFlight.merge(weighted.router.route(Scope.DEFAULT, null, Set.of(), 100).upstream.name(), 1, Integer::sum);
        }
        assertThat(inFlight.get("small")).isBetween(9, 11);
        assertThat(inFlight.get("large")).isBetween(29, 31);
    }

    @Test
    void aQueueTheEndpointReportedCountsAsWorkWhileTheReportIsFresh() {
        // c says (endpoint-load-metrics) 6 requests wait in its own queue: other clients' or a full batch
        fixture.upstreams.state(3).serverLoad(new ServerLoad(6, 0.9, fixture.clock.millis()));
        Map<String, Integer> inFlight = new HashMap<>();
        for (int i = 0; i < 12; i++) {
            inFlight.merge(route().upstream.name(), 1, Integer::sum);
        }
        // a and b take 6 each (load 6+1) before c's 6 + 0 + 1 matches them
        assertThat(inFlight.get("a")).isEqualTo(6);
        assertThat(inFlight.get("b")).isEqualTo(6);
        assertThat(inFlight).doesNotContainKey("c");
    }

    @Test
    void aStaleReportIsIgnored() {
        fixture.upstreams.state(3).serverLoad(new ServerLoad(6, 0.9, fixture.clock.millis()));
        fixture.clock.advance(java.time.Duration.ofMillis(2001));
        Map<String, Integer> inFlight = new HashMap<>();
        for (int i = 0; i < 12; i++) {
            inFlight.merge(route().upstream.name(), 1, Integer::sum);
        }
        assertThat(inFlight).containsOnly(Map.entry("a", 4), Map.entry("b", 4), Map.entry("c", 4));
    }

    @Test
    void aPolledLoadAboveWhatThisBalancerKnowsCountsWhileFreshAndNotOnceStale() {
        // c's GET /load: it serves 6 requests, none of them ours (other clients)
        fixture.upstreams.state(3).polledLoad(new PolledLoad(6, fixture.clock.millis()));
        Map<String, Integer> inFlight = new HashMap<>();
        for (int i = 0; i < 12; i++) {
            inFlight.merge(route().upstream.name(), 1, Integer::sum);
        }
        assertThat(inFlight).containsOnly(Map.entry("a", 6), Map.entry("b", 6));

        // our own requests already count: a polled load below them adds nothing
        fixture.upstreams.state(1).polledLoad(new PolledLoad(2, fixture.clock.millis()));
        fixture.clock.advance(java.time.Duration.ofMillis(2001));
        Map<String, Integer> more = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            more.merge(route().upstream.name(), 1, Integer::sum);
        }
        assertThat(more).as("c's stale load is ignored: it catches up with a and b").containsOnly(Map.entry("c", 6));
    }
}
