package org.llmlb.balancer.models.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class LoadPollingTest {

    @Test
    void loadIsAskedBesideTheV1OfTheBaseUrl() {
        assertThat(LoadPolling.serverRoot(URI.create("http://gpu-a:8000/v1"))).hasToString("http://gpu-a:8000");
        assertThat(LoadPolling.serverRoot(URI.create("http://gpu-a:8000/v1/"))).hasToString("http://gpu-a:8000");
        assertThat(LoadPolling.serverRoot(URI.create("https://h/sim/fast/v1"))).hasToString("https://h/sim/fast");
        assertThat(LoadPolling.serverRoot(URI.create("http://h:1/openai"))).hasToString("http://h:1/openai");
    }

    @Test
    void onlyAWholeNonNegativeServerLoadIsALoad() {
        assertThat(LoadPolling.serverLoad(bytes("{\"server_load\": 7}"))).isEqualTo(7);
        assertThat(LoadPolling.serverLoad(bytes("{\"server_load\":0,\"other\":1}"))).isZero();
        assertThat(LoadPolling.serverLoad(bytes("{\"server_load\": -1}"))).isEqualTo(-1);
        assertThat(LoadPolling.serverLoad(bytes("{\"server_load\": 1.5}"))).isEqualTo(-1);
        assertThat(LoadPolling.serverLoad(bytes("{\"load\": 3}"))).isEqualTo(-1);
        assertThat(LoadPolling.serverLoad(bytes("<html>Not Found</html>"))).isEqualTo(-1);
        assertThat(LoadPolling.serverLoad(bytes("[7]"))).isEqualTo(-1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
