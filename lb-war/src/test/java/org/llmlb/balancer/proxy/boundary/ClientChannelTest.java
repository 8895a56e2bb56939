package org.llmlb.balancer.proxy.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientChannelTest {

    @Test
    void overheadIsWrittenAsMillisecondsWithThreeDecimals() {
        assertThat(ClientChannel.millis(215_400)).isEqualTo("0.215");
        assertThat(ClientChannel.millis(5_000)).isEqualTo("0.005");
        assertThat(ClientChannel.millis(1_050_000)).isEqualTo("1.050");
        assertThat(ClientChannel.millis(12_345_678_901L)).isEqualTo("12345.678");
        assertThat(ClientChannel.millis(-3)).isEqualTo("0.000");
    }
}
