package org.llmlb.balancer.routing.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.llmlb.balancer.routing.control.RoutingFixture.endpoint;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;
import org.llmlb.balancer.routing.entity.RoutingMode;
import org.llmlb.balancer.routing.entity.Scope;

class PriorityPolicyTest {

    final RoutingFixture fixture = new RoutingFixture(RoutingMode.PRIORITY,
            endpoint(1, "primary", 0, 0, 2), endpoint(2, "overflow", 0, 1, 0), endpoint(3, "last", 0, 5, 0));

    Lease route() {
        return fixture.router.route(Scope.DEFAULT, null, Set.of(), 10);
    }

    @Test
    void sendsEverythingToThePrimaryWhileItHasRoom() {
        for (int i = 0; i < 10; i++) {
            Lease lease = route();
            assertThat(lease.upstream.name()).isEqualTo("primary");
            lease.succeeded(10);
        }
    }

    @Test
    void overflowsToNextPriorityExactlyWhenPrimaryIsFull() {
        assertThat(route().upstream.name()).isEqualTo("primary");
        Lease second = route();
        assertThat(second.upstream.name()).isEqualTo("primary");
        assertThat(route().upstream.name()).isEqualTo("overflow");
        second.succeeded(10);
        assertThat(route().upstream.name()).as("a slot came free").isEqualTo("primary");
    }

    @Test
    void overflowsWhilePrimaryCoolsDownAndReturnsAfterASuccessfulProbe() {
        for (int i = 0; i < RoutingFixture.FAIL_THRESHOLD; i++) {
            Lease lease = route();
            assertThat(lease.upstream.name()).isEqualTo("primary");
            lease.failed(fixture.clock.millis());
        }
        assertThat(route().upstream.name()).isEqualTo("overflow");
        fixture.clock.advance(Duration.ofSeconds((long) RoutingFixture.COOLDOWN_SECONDS));
        Lease probe = route();
        assertThat(probe.upstream.name()).isEqualTo("primary");
        assertThat(route().upstream.name()).as("only one probe at a time").isEqualTo("overflow");
        probe.succeeded(10);
        assertThat(route().upstream.name()).isEqualTo("primary");
    }

    @Test
    void failoverSkipsEndpointsThisRequestAlreadyTried() {
        assertThat(fixture.router.route(Scope.DEFAULT, null, Set.of(1L), 10).upstream.name()).isEqualTo("overflow");
        assertThat(fixture.router.route(Scope.DEFAULT, null, Set.of(1L, 2L), 10).upstream.name()).isEqualTo("last");
        assertThat(fixture.router.route(Scope.DEFAULT, null, Set.of(1L, 2L, 3L), 10)).isNull();
    }

    @Test
    void answersBusyWhenEveryEndpointIsFull() {
        RoutingFixture full = new RoutingFixture(RoutingMode.PRIORITY, endpoint(1, "only", 0, 0, 1));
        full.router.route(Scope.DEFAULT, null, Set.of(), 10);
        assertThatThrownBy(() -> full.router.route(Scope.DEFAULT, null, Set.of(), 10))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.problem).isEqualTo(Problem.ALL_ENDPOINTS_BUSY);
                    assertThat(p.retryAfterSeconds).isPositive();
                });
    }

    @Test
    void answersNoEndpointsWhenNothingIsConnected() {
        var unwired = RoutingFixture.unwired(endpoint(1, "unwired", 0, 0, 0));
        RoutingFixture none = new RoutingFixture(RoutingMode.PRIORITY, unwired);
        assertThatThrownBy(() -> none.router.route(Scope.DEFAULT, null, Set.of(), 10))
                .isInstanceOfSatisfying(ProblemException.class,
                        p -> assertThat(p.problem).isEqualTo(Problem.NO_ENDPOINTS_AVAILABLE));
    }

    @Test
    void routesByModelWhenModelListsAreKnown() {
        fixture.upstreams.state(1).models(Set.of("llama"));
        fixture.upstreams.state(2).models(Set.of("qwen"));
        fixture.upstreams.state(3).models(Set.of("qwen"));
        assertThat(fixture.router.route(Scope.DEFAULT, "qwen", Set.of(), 10).upstream.name()).isEqualTo("overflow");
        assertThatThrownBy(() -> fixture.router.route(Scope.DEFAULT, "mistral", Set.of(), 10))
                .isInstanceOfSatisfying(ProblemException.class,
                        p -> assertThat(p.problem).isEqualTo(Problem.MODEL_NOT_FOUND));
    }
}
