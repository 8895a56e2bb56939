package org.llmlb.balancer.proxy.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

import org.junit.jupiter.api.Test;

class SseRelayTest {

    static final String CONTENT = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}";
    static final String USAGE = "{\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2}}";

    final Sink sink = new Sink();

    @Test
    void forwardsEachEventAsSoonAsItIsComplete() {
        SseRelay relay = relay(false);
        relay.onNext("data: " + CONTENT);
        assertThat(sink.writes).isEmpty();
        relay.onNext("");
        assertThat(sink.writes).containsExactly("data: " + CONTENT + "\n\n");
        assertThat(sink.commits).isEqualTo(1);
    }

    @Test
    void hidesTheUsageChunkItAskedForButCountsIt() {
        SseRelay relay = relay(true);
        feed(relay, CONTENT, CONTENT, USAGE, "[DONE]");
        relay.onComplete();
        assertThat(sink.writes).hasSize(3).noneMatch(w -> w.contains("usage"));
        assertThat(sink.usage).isEqualTo(new Usage(4, 2));
    }

    @Test
    void keepsTheUsageChunkWhenTheClientAskedForIt() {
        SseRelay relay = relay(false);
        feed(relay, CONTENT, USAGE, "[DONE]");
        relay.onComplete();
        assertThat(sink.writes).hasSize(3).anyMatch(w -> w.contains("usage"));
    }

    @Test
    void estimatesOneTokenPerContentDeltaWhenNoUsageComes() {
        SseRelay relay = relay(true);
        feed(relay, CONTENT, CONTENT, CONTENT, "[DONE]");
        relay.onComplete();
        assertThat(sink.usage).isNull();
        assertThat(sink.estimated).isEqualTo(3);
    }

    @Test
    void stopsAndReportsWhenTheClientIsGone() {
        sink.failWrites = true;
        SseRelay relay = relay(false);
        feed(relay, CONTENT);
        assertThat(sink.gone).isTrue();
        assertThat(sink.cancelled).isTrue();
    }

    private SseRelay relay(boolean hideUsage) {
        SseRelay relay = new SseRelay(sink, hideUsage);
        relay.onSubscribe(sink);
        return relay;
    }

    private static void feed(SseRelay relay, String... payloads) {
        for (String payload : payloads) {
            relay.onNext("data: " + payload);
            relay.onNext("");
        }
    }

    static final class Sink implements SseRelay.Sink, Flow.Subscription {
        final List<String> writes = new ArrayList<>();
        int commits;
        boolean failWrites;
        boolean gone;
        boolean cancelled;
        Usage usage;
        long estimated = -1;

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

        @Override
        public void ended(Usage usage, long estimatedCompletion) {
            this.usage = usage;
            this.estimated = estimatedCompletion;
        }

        @Override
        public void failed(Throwable error) {
        }

        @Override
        public void clientGone() {
            gone = true;
        }

        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
