package org.llmlb.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class StreamChunkTest {

    static StreamChunk scan(String json) {
        return StreamChunk.scan(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void countsChatAndTextDeltasOnePerChoice() {
        StreamChunk chat = scan("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}},{\"index\":1,\"delta\":{\"content\":\"lo\"}}]}");
        assertThat(chat.outputDeltas()).isEqualTo(2);
        assertThat(chat.substantive()).isTrue();
        assertThat(chat.noChoices()).isFalse();
        assertThat(scan("{\"choices\":[{\"index\":0,\"text\":\"once\",\"finish_reason\":null}]}").outputDeltas()).isEqualTo(1);
    }

    @Test
    void theRoleOnlyFirstChunkIsAPreamble() {
        StreamChunk vllm = scan("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}");
        assertThat(vllm.substantive()).isFalse();
        assertThat(vllm.outputDeltas()).isZero();
        StreamChunk openai = scan("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,"
                + "\"refusal\":null}}]}");
        assertThat(openai.substantive()).isFalse();
    }

    @Test
    void reasoningRefusalAndToolCallsAreOutputToo() {
        StreamChunk tools = scan("{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,"
                + "\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}}]}");
        assertThat(tools.outputDeltas()).isEqualTo(1);
        assertThat(tools.substantive()).isTrue();
        assertThat(scan("{\"choices\":[{\"delta\":{\"reasoning_content\":\"hmm\"}}]}").outputDeltas()).isEqualTo(1);
        assertThat(scan("{\"choices\":[{\"delta\":{\"reasoning\":\"so\"}}]}").outputDeltas()).isEqualTo(1);
        assertThat(scan("{\"choices\":[{\"delta\":{\"refusal\":\"no\"}}]}").outputDeltas()).isEqualTo(1);
        assertThat(scan("{\"choices\":[{\"delta\":{\"content\":null,\"tool_calls\":[]}}]}").outputDeltas()).isZero();
    }

    @Test
    void finishReasonsUsageAndErrorsAreSubstantiveButNotOutput() {
        StreamChunk finish = scan("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}");
        assertThat(finish.substantive()).isTrue();
        assertThat(finish.outputDeltas()).isZero();
        assertThat(scan("{\"choices\":[{\"delta\":{\"logprobs\":[1]}}]}").substantive()).isTrue();
        assertThat(scan("{\"error\":{\"message\":\"boom\"}}").substantive()).isTrue();
        StreamChunk usage = scan("{\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2,\"total_tokens\":6}}");
        assertThat(usage.usage()).isEqualTo(new Usage(4, 2));
        assertThat(usage.noChoices()).isTrue();
        assertThat(usage.substantive()).isTrue();
        assertThat(usage.outputDeltas()).isZero();
    }

    @Test
    void whatIsNotAJsonObjectIsPassedOnAsSubstantive() {
        assertThat(scan("not json").substantive()).isTrue();
        assertThat(scan("{\"choices\":[{\"delta\":").substantive()).isTrue();
        assertThat(scan("[1,2]").usage()).isNull();
    }

    @Test
    void findsUsageInAWholeAnswerWithoutReadingTheRest() {
        byte[] answer = ("{\"data\":[{\"embedding\":[0.1,0.2]}],\"usage\":{\"prompt_tokens\":7,"
                + "\"completion_tokens\":3,\"total_tokens\":10}}").getBytes(StandardCharsets.UTF_8);
        assertThat(Usage.scan(answer)).isEqualTo(new Usage(7, 3));
        assertThat(Usage.scan("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(Usage.scan("garbage".getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void readsASliceOfALargerBuffer() {
        byte[] framed = "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n".getBytes(StandardCharsets.UTF_8);
        StreamChunk chunk = StreamChunk.scan(framed, 6, framed.length - 8);
        assertThat(chunk.outputDeltas()).isEqualTo(1);
    }
}
