package org.llmlb.balancer.proxy.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseRelayTest {

    static final String CONTENT = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}";
    static final String USAGE = "{\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2}}";

    final Sink sink = new Sink();

    @Test
    void forwardsEachEventAsSoonAsItIsComplete() throws Exception {
        SseRelay relay = new SseRelay(sink, false);
        relay.line("data: " + CONTENT);
        assertThat(sink.writes).isEmpty();
        relay.line("");
        assertThat(sink.writes).containsExactly("data: " + CONTENT + "\n\n");
        assertThat(sink.commits).isEqualTo(1);
        assertThat(relay.committed()).isTrue();
    }

    @Test
    void hidesTheUsageChunkItAskedForButCountsIt() throws Exception {
        SseRelay relay = new SseRelay(sink, true);
        feed(relay, CONTENT, CONTENT, USAGE, "[DONE]");
        relay.end();
        assertThat(sink.writes).hasSize(3).noneMatch(w -> w.contains("usage"));
        assertThat(relay.usage()).isEqualTo(new Usage(4, 2));
    }

    @Test
    void keepsTheUsageChunkWhenTheClientAskedForIt() throws Exception {
        SseRelay relay = new SseRelay(sink, false);
        feed(relay, CONTENT, USAGE, "[DONE]");
        relay.end();
        assertThat(sink.writes).hasSize(3).anyMatch(w -> w.contains("usage"));
    }

    @Test
    void countsOneTokenPerContentDeltaForTheEstimate() throws Exception {
        SseRelay relay = new SseRelay(sink, true);
        feed(relay, CONTENT, CONTENT, CONTENT, "[DONE]");
        relay.end();
        assertThat(relay.usage()).isNull();
        assertThat(relay.contentDeltas()).isEqualTo(3);
    }

    @Test
    void sendsAnUnterminatedLastEventAtTheEnd() throws Exception {
        SseRelay relay = new SseRelay(sink, false);
        relay.line("data: [DONE]");
        relay.end();
        assertThat(sink.writes).containsExactly("data: [DONE]\n\n");
    }

    @Test
    void reportsAClientThatIsGone() {
        sink.failWrites = true;
        SseRelay relay = new SseRelay(sink, false);
        assertThatThrownBy(() -> feed(relay, CONTENT)).isInstanceOf(SseRelay.ClientGone.class);
    }

    private static void feed(SseRelay relay, String... payloads) throws IOException {
        for (String payload : payloads) {
            relay.line("data: " + payload);
            relay.line("");
        }
    }

    static final class Sink implements SseRelay.Sink {
        final List<String> writes = new ArrayList<>();
        int commits;
        boolean failWrites;

        @Override
        public void commit() {
            commits++;
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            if (failWrites) {
                throw new IOException("broken pipe");
            }
            writes.add(new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
