package org.llmlb.balancer.routing.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.llmlb.balancer.endpoints.entity.Endpoint;
import org.llmlb.balancer.routing.entity.RoutingMode;

class UpstreamsTest {

    @Test
    void aStoredKeyThatCannotStandInAHeaderIsNotSent() {
        Endpoint injected = RoutingFixture.endpoint(1, "old", 100, 0, 0);
        injected.apiKey = "sk-abc\r\nX-Injected: yes";
        Endpoint fine = RoutingFixture.endpoint(2, "fine", 0, 0, 0);
        fine.apiKey = "sk-fine";

        Upstreams upstreams = new RoutingFixture(RoutingMode.PERCENTAGE, injected, fine).upstreams;

        assertThat(upstreams.byId(1).orElseThrow().apiKey()).isNull();
        assertThat(upstreams.byId(2).orElseThrow().apiKey()).isEqualTo("sk-fine");
    }
}
