package org.llmlb.wsproxy.engine.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.engine.entity.RequestRecord;

class ChunkTimerTest {

    static final long MS = 1_000_000;

    static String content(String text) {
        return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}";
    }

    @Test
    void ttftIsTheFirstChunkWithChoicesAndItlEveryContentGap() {
        ChunkTimer timer = new ChunkTimer(1000 * MS);
        timer.line(": keep-alive", 1010 * MS);
        timer.line("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}", 1100 * MS);
        timer.line("", 1100 * MS);
        timer.line(content("a"), 1120 * MS);
        timer.line(content("b"), 1150 * MS);
        timer.line(content("c"), 1190 * MS);
        timer.line("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}", 1195 * MS);
        timer.line("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3}}", 1200 * MS);
        timer.line("data: [DONE]", 1201 * MS);

        RequestRecord record = timer.finish(200, 1202 * MS);

        assertThat(record.ttftNanos()).isEqualTo(100 * MS);
        assertThat(record.itlNanos()).containsExactly(30 * MS, 40 * MS);
        assertThat(record.e2eNanos()).isEqualTo(202 * MS);
        assertThat(record.outputTokens()).isEqualTo(3);
        assertThat(record.tokensEstimated()).isFalse();
        assertThat(record.tpotNanos()).isCloseTo(51 * MS, within(1.0));
    }

    @Test
    void countsContentChunksAsEstimatedTokensWithoutUsage() {
        ChunkTimer timer = new ChunkTimer(0);
        timer.line(content("a"), 10 * MS);
        timer.line(content("b"), 20 * MS);
        timer.line("data: not json", 25 * MS);

        RequestRecord record = timer.finish(200, 30 * MS);

        assertThat(record.outputTokens()).isEqualTo(2);
        assertThat(record.tokensEstimated()).isTrue();
        assertThat(record.ttftNanos()).isEqualTo(10 * MS);
        assertThat(record.tpotNanos()).isEqualTo(20.0 * MS);
    }

    @Test
    void tpotIsUndefinedForASingleToken() {
        ChunkTimer timer = new ChunkTimer(0);
        timer.line(content("a"), 10 * MS);
        assertThat(timer.finish(200, 11 * MS).tpotNanos()).isNegative();
    }
}
