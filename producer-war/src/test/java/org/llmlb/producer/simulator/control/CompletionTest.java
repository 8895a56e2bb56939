package org.llmlb.producer.simulator.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.llmlb.producer.simulator.entity.Operation;

class CompletionTest {

    static String viaJson(Completion completion, int index) {
        return "data: " + completion.chunk(index) + "\n\n";
    }

    @Test
    void readyTokenEventsAreExactlyTheChunksJsonWouldWrite() {
        for (Operation operation : Operation.values()) {
            if (operation.chunkObject == null) {
                continue;
            }
            Completion completion = Completion.of(operation, 1_700_000_000L, "we\"ird\\model", 3, 40, false);
            Completion.TokenEvents events = completion.tokenEvents();
            for (int i = 0; i < 40; i++) {
                assertThat(new String(events.event(i), StandardCharsets.UTF_8)).as(operation + " token " + i)
                        .isEqualTo(viaJson(completion, i));
            }
        }
    }

    @Test
    void idsAreThePrefixAnd32HexDigitsAndDiffer() {
        Completion a = Completion.of(Operation.CHAT, 1, "m", 1, 1, false);
        Completion b = Completion.of(Operation.CHAT, 1, "m", 1, 1, false);
        assertThat(a.id()).matches(Operation.CHAT.idPrefix + "[0-9a-f]{32}");
        assertThat(a.id()).isNotEqualTo(b.id());
    }
}
