package org.llmlb.balancer.routing.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.llmlb.balancer.routing.entity.EndpointSettings;
import org.llmlb.balancer.routing.entity.RoutingMode;

class UpstreamsTest {

    @Test
    void aStoredKeyThatCannotStandInAHeaderIsNotSent() {
        EndpointSettings injected = RoutingFixture.endpoint(1, "old", "http://127.0.0.1:1/old",
                "sk-abc\r\nX-Injected: yes", 100, 0, 0, null);
        EndpointSettings fine = RoutingFixture.endpoint(2, "fine", "http://127.0.0.1:1/fine", "sk-fine", 0, 0, 0, null);

        Upstreams upstreams = new RoutingFixture(RoutingMode.PERCENTAGE, injected, fine).upstreams;

        assertThat(upstreams.byId(1).orElseThrow().apiKey()).isNull();
        assertThat(upstreams.byId(2).orElseThrow().apiKey()).isEqualTo("sk-fine");
    }
}
