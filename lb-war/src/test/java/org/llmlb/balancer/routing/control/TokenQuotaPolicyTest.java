package org.llmlb.balancer.routing.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmlb.balancer.routing.control.RoutingFixture.endpoint;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.llmlb.balancer.routing.entity.RoutingMode;
import org.llmlb.balancer.routing.entity.Scope;

class TokenQuotaPolicyTest {

    @Test
    void splitsTokensNotRequestsByQuotaForRequestsOfVeryDifferentSizes() {
        RoutingFixture fixture = new RoutingFixture(RoutingMode.PERCENTAGE,
                endpoint(1, "big", 70, 0, 0), endpoint(2, "small", 30, 0, 0));
        Random random = new Random(42);
        Map<String, Long> tokens = new HashMap<>();
        long total = 0;
        for (int i = 0; i < 1000; i++) {
            int size = 10 + random.nextInt(391);
            Lease lease = fixture.router.route(Scope.DEFAULT, null, Set.of(), size);
            lease.succeeded(size);
            tokens.merge(lease.upstream.name(), (long) size, Long::sum);
            total += size;
        }
        double bigShare = 100.0 * tokens.get("big") / total;
        double smallShare = 100.0 * tokens.get("small") / total;
        assertThat(bigShare).isBetween(65.0, 75.0);
        assertThat(smallShare).isBetween(25.0, 35.0);
    }

    @Test
    void keepsTheSplitWhileRequestsAreStillRunning() {
        RoutingFixture fixture = new RoutingFixture(RoutingMode.PERCENTAGE,
                endpoint(1, "big", 70, 0, 0), endpoint(2, "small", 30, 0, 0));
        Map<String, Integer> started = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            Lease lease = fixture.router.route(Scope.DEFAULT, null, Set.of(), 100);
            started.merge(lease.upstream.name(), 1, Integer::sum);
        }
        assertThat(started.get("big")).isBetween(65, 75);
        assertThat(started.get("small")).isBetween(25, 35);
    }

    @Test
    void usesQuotaZeroOnlyWhenNothingElseCanTakeTheRequest() {
        RoutingFixture fixture = new RoutingFixture(RoutingMode.PERCENTAGE,
                endpoint(1, "main", 100, 0, 1), endpoint(2, "spare", 0, 0, 0));
        Lease first = fixture.router.route(Scope.DEFAULT, null, Set.of(), 10);
        Lease second = fixture.router.route(Scope.DEFAULT, null, Set.of(), 10);
        assertThat(first.upstream.name()).isEqualTo("main");
        assertThat(second.upstream.name()).isEqualTo("spare");
    }

    @Test
    void normalisesQuotasOverTheEligibleEndpoints() {
        var off = RoutingFixture.disabled(endpoint(3, "off", 60, 0, 0));
        RoutingFixture fixture = new RoutingFixture(RoutingMode.PERCENTAGE,
                endpoint(1, "a", 20, 0, 0), endpoint(2, "b", 20, 0, 0), off);
        Map<String, Long> tokens = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            Lease lease = fixture.router.route(Scope.DEFAULT, null, Set.of(), 50);
            lease.succeeded(50);
            tokens.merge(lease.upstream.name(), 50L, Long::sum);
        }
        assertThat(tokens).doesNotContainKey("off");
        assertThat(tokens.get("a")).isEqualTo(tokens.get("b"));
    }
}
