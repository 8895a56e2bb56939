package org.llmlb.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The counting rule over generated chunks: one output delta per choice that carries model output. */
class CountingRuleTest {

    /** One choice of a generated chunk and whether the rule must count it. */
    record Choice(String json, boolean output) {
    }

    @Provide
    Arbitrary<Choice> choices() {
        Arbitrary<String> text = Arbitraries.strings().withChars("ab \\\"{}[],:é\n").ofMinLength(1).ofMaxLength(8)
                .map(CountingRuleTest::quoted);
        Arbitrary<Choice> outputDelta = Combinators.combine(
                Arbitraries.of("content", "reasoning_content", "reasoning", "refusal"), text)
                .as((name, value) -> new Choice("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"" + name + "\":"
                        + value + "},\"finish_reason\":null}", true));
        Arbitrary<Choice> toolCall = text.map(name -> new Choice("{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
                + "{\"name\":" + name + ",\"arguments\":\"\"}}]}}", true));
        Arbitrary<Choice> completion = text.map(value -> new Choice("{\"index\":0,\"text\":" + value
                + ",\"logprobs\":null}", true));
        Arbitrary<Choice> nothing = Arbitraries.of(
                new Choice("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}", false),
                new Choice("{\"delta\":{\"content\":null,\"refusal\":null,\"tool_calls\":[]}}", false),
                new Choice("{\"delta\":{},\"finish_reason\":\"stop\"}", false),
                new Choice("{\"index\":0,\"text\":\"\",\"finish_reason\":\"length\"}", false),
                new Choice("{\"delta\":{\"reasoning_content\":null},\"logprobs\":{\"content\":[]}}", false));
        return Arbitraries.oneOf(outputDelta, toolCall, completion, nothing);
    }

    @Property
    void countsExactlyTheChoicesThatCarryOutput(@ForAll @Size(max = 5) List<@From("choices") Choice> choices,
                                                @ForAll boolean withUsage) {
        String chunk = "{\"id\":\"c\",\"choices\":[" + choices.stream().map(Choice::json).collect(Collectors.joining(","))
                + "]" + (withUsage ? ",\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":9}" : "") + "}";

        StreamChunk read = StreamChunk.scan(chunk.getBytes(StandardCharsets.UTF_8));

        assertThat(read.outputDeltas()).as(chunk).isEqualTo((int) choices.stream().filter(Choice::output).count());
        assertThat(read.noChoices()).isEqualTo(choices.isEmpty());
        assertThat(read.usage()).isEqualTo(withUsage ? new Usage(3, 9) : null);
        if (read.outputDeltas() > 0) {
            assertThat(read.substantive()).isTrue();
        }
    }

    @Property
    void readsAChunkWhereItLiesInALargerBuffer(@ForAll("choices") Choice choice, @ForAll @IntRange(max = 40) int before,
                                               @ForAll @IntRange(max = 40) int after) {
        String chunk = "{\"choices\":[" + choice.json() + "]}";
        byte[] payload = chunk.getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[before + payload.length + after];
        java.util.Arrays.fill(framed, (byte) '{');
        System.arraycopy(payload, 0, framed, before, payload.length);

        assertThat(StreamChunk.scan(framed, before, payload.length)).isEqualTo(StreamChunk.scan(payload));
    }

    @Property
    void neverThrowsOnACutChunk(@ForAll("choices") Choice choice, @ForAll @IntRange(max = 200) int cut) {
        byte[] whole = ("{\"choices\":[" + choice.json() + "]}").getBytes(StandardCharsets.UTF_8);
        int length = Math.min(cut, whole.length);

        StreamChunk read = StreamChunk.scan(whole, 0, length);

        if (length < whole.length) {
            assertThat(read.substantive()).as("a cut chunk is passed on, not held back").isTrue();
            assertThat(read.outputDeltas()).isZero();
        }
    }

    private static String quoted(String raw) {
        return "\"" + raw.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
