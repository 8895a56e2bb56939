package org.llmlb.wsproxy.engine.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.engine.entity.RequestRecord;

class ChunkTimerTest {

    static final long MS = 1_000_000;

    static String content(String text) {
        return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}\n\n";
    }

    static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void ttftIsTheFirstChunkWithChoicesAndItlEveryContentGap() throws IOException {
        ChunkTimer timer = new ChunkTimer(1000 * MS);
        timer.read(bytes(": keep-alive\n\n"), 1010 * MS);
        timer.read(bytes("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n"), 1100 * MS);
        timer.read(bytes(content("a")), 1120 * MS);
        timer.read(bytes(content("b")), 1150 * MS);
        timer.read(bytes(content("c")), 1190 * MS);
        timer.read(bytes("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"), 1195 * MS);
        timer.read(bytes("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3}}\n\n"), 1200 * MS);
        timer.read(bytes("data: [DONE]\n\n"), 1201 * MS);

        RequestRecord record = timer.finish(200, 1202 * MS);

        assertThat(record.ttftNanos()).isEqualTo(100 * MS);
        assertThat(record.itlNanos()).containsExactly(30 * MS, 40 * MS);
        assertThat(record.e2eNanos()).isEqualTo(202 * MS);
        assertThat(record.outputTokens()).isEqualTo(3);
        assertThat(record.tokensEstimated()).isFalse();
        assertThat(record.tpotNanos()).isCloseTo(51 * MS, within(1.0));
    }

    @Test
    void anEventSplitAcrossReadsIsStampedWhenItsLastPieceArrives() throws IOException {
        ChunkTimer timer = new ChunkTimer(0);
        String first = content("a");
        timer.read(bytes(first.substring(0, 20)), 5 * MS);
        timer.read(bytes(first.substring(20) + content("b").substring(0, 10)), 9 * MS);
        timer.read(bytes(content("b").substring(10)), 15 * MS);

        RequestRecord record = timer.finish(200, 16 * MS);

        assertThat(record.ttftNanos()).isEqualTo(9 * MS);
        assertThat(record.itlNanos()).containsExactly(6 * MS);
    }

    @Test
    void eventsReadTogetherShareTheirStamp() throws IOException {
        ChunkTimer timer = new ChunkTimer(0);
        timer.read(bytes(content("a") + content("b") + content("c")), 7 * MS);

        RequestRecord record = timer.finish(200, 8 * MS);

        assertThat(record.ttftNanos()).isEqualTo(7 * MS);
        assertThat(record.itlNanos()).containsExactly(0L, 0L);
        assertThat(record.outputTokens()).isEqualTo(3);
    }

    @Test
    void countsContentChunksAsEstimatedTokensWithoutUsage() throws IOException {
        ChunkTimer timer = new ChunkTimer(0);
        timer.read(bytes(content("a")), 10 * MS);
        timer.read(bytes(content("b")), 20 * MS);
        timer.read(bytes("data: [DONE]"), 25 * MS);
        timer.end(30 * MS);

        RequestRecord record = timer.finish(200, 30 * MS);

        assertThat(record.outputTokens()).isEqualTo(2);
        assertThat(record.tokensEstimated()).isTrue();
        assertThat(record.ttftNanos()).isEqualTo(10 * MS);
        assertThat(record.tpotNanos()).isEqualTo(20.0 * MS);
    }

    @Test
    void reasoningToolCallsAndEveryChoiceCountByTheSharedRule() throws IOException {
        ChunkTimer timer = new ChunkTimer(0);
        timer.read(bytes("data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"think\"}}]}\n\n"), 10 * MS);
        timer.read(bytes("data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                + "\"function\":{\"arguments\":\"{}\"}}]}}]}\n\n"), 20 * MS);
        timer.read(bytes("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}},"
                + "{\"index\":1,\"delta\":{\"content\":\"b\"}}]}\n\n"), 35 * MS);
        timer.read(bytes("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"), 40 * MS);
        timer.end(41 * MS);

        RequestRecord record = timer.finish(200, 41 * MS);

        assertThat(record.outputTokens()).as("one per choice with output").isEqualTo(4);
        assertThat(record.tokensEstimated()).isTrue();
        assertThat(record.itlNanos()).as("gaps between chunks with output").containsExactly(10 * MS, 15 * MS);
    }

    @Test
    void aLastEventWithoutItsBlankLineCountsWhenTheStreamEnds() throws IOException {
        ChunkTimer timer = new ChunkTimer(0);
        timer.read(bytes(content("a")), 10 * MS);
        timer.read(bytes(content("b").strip()), 20 * MS);
        timer.end(30 * MS);

        assertThat(timer.finish(200, 30 * MS).itlNanos()).containsExactly(20 * MS);
    }

    @Test
    void tpotIsUndefinedForASingleToken() throws IOException {
        ChunkTimer timer = new ChunkTimer(0);
        timer.read(bytes(content("a")), 10 * MS);
        assertThat(timer.finish(200, 11 * MS).tpotNanos()).isNegative();
    }
}
