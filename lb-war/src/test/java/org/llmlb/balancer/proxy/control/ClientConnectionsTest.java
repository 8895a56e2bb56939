package org.llmlb.balancer.proxy.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ClientConnectionsTest {

    // server port 8090 = 0x1F9A; clients 41922 = 0xA3C2, 41924 = 0xA3C4, 41926 = 0xA3C6; an upstream connection 50000 -> 8000
    static final String TABLE = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000000000000:1F9A 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000 100 0 0 10 0
               1: 0000000000000000FFFF00000100007F:1F9A 0000000000000000FFFF00000100007F:A3C2 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0000 20 4 30 10 -1
               2: 0000000000000000FFFF00000100007F:1F9A 0000000000000000FFFF00000100007F:A3C4 08 00000000:00000001 00:00000000 00000000     0        0 3 1 0000 20 4 30 10 -1
               3: 0100007F:C350 0100007F:1F40 01 00000000:00000000 00:00000000 00000000     0        0 4 1 0000 20 4 30 10 -1
            """;

    @Test
    void tellsOpenClosedAndUnknownConnectionsOfTheServerPortApart() {
        Set<Long> established = new HashSet<>();
        Set<Long> closing = new HashSet<>();
        ClientConnections.parse(TABLE.getBytes(StandardCharsets.US_ASCII), Set.of(8090), established, closing);
        ClientConnections.Snapshot snapshot = new ClientConnections.Snapshot(established, closing);

        assertThat(snapshot.gone(ClientConnections.key(8090, 41922))).isFalse();
        assertThat(snapshot.gone(ClientConnections.key(8090, 41924))).as("peer closed: CLOSE_WAIT").isTrue();
        assertThat(snapshot.gone(ClientConnections.key(8090, 41926))).as("not in the table").isNull();
        assertThat(established).as("the upstream connection is not the server's").hasSize(1);
    }
}
