package org.llmlb.wsproxy.workload.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.workload.entity.Dataset;

class DatasetParserTest {

    static Dataset parse(String text) {
        return DatasetParser.parse("test.jsonl", text.getBytes(StandardCharsets.UTF_8));
    }

    static List<InvalidDatasetException.Problem> problems(String text) {
        return catchThrowableOfType(() -> parse(text), InvalidDatasetException.class).problems();
    }

    @Test
    void readsShareGptConversationsKeepingTheHumanTurns() {
        Dataset d = parse("""
                {"id":"a","conversations":[{"from":"human","value":"Hi there"},{"from":"gpt","value":"Hello!"},{"from":"human","value":"Tell me more"},{"from":"gpt","value":"Sure"}]}
                {"conversations":[{"from":"system","value":"be brief"},{"from":"human","value":"Why?"}]}
                """);
        assertThat(d.format()).isEqualTo("sharegpt");
        assertThat(d.conversations()).containsExactly(List.of("Hi there", "Tell me more"), List.of("Why?"));
        assertThat(d.turns()).isEqualTo(3);
        assertThat(d.id()).startsWith("ds-").hasSize(19);
    }

    @Test
    void readsOnePromptPerLineAsPlainTextJsonStringsOrPromptObjects() {
        Dataset d = parse("first prompt, with \"quotes\"\n\n{\"prompt\":\"second\"}\r\n\"third\"\n");
        assertThat(d.format()).isEqualTo("prompts");
        assertThat(d.conversations()).containsExactly(List.of("first prompt, with \"quotes\""), List.of("second"),
                List.of("third"));
    }

    @Test
    void namesEveryBadLineWithItsNumberAndReason() {
        assertThat(problems("""
                ok
                {"conversations":"no"}
                {"prompt":""}
                {broken
                {"text":"x"}
                {"conversations":[{"from":"gpt","value":"only an answer"}]}
                {"conversations":[{"from":"alien","value":"x"}]}
                [1,2]
                """)).extracting(InvalidDatasetException.Problem::line).containsExactly(2, 3, 4, 5, 6, 7, 8);
        assertThat(problems("{\"prompt\":\"\"}")).singleElement().satisfies(p ->
                assertThat(p.message()).isEqualTo("has an empty \"prompt\""));
        assertThat(problems("{broken")).singleElement().satisfies(p ->
                assertThat(p.message()).isEqualTo("is not valid JSON"));
    }

    @Test
    void refusesAFileWithoutPromptsOrNotInUtf8() {
        assertThat(problems("\n \n")).singleElement().satisfies(p -> assertThat(p.line()).isZero());
        assertThat(catchThrowableOfType(() -> DatasetParser.parse("x", new byte[] {(byte) 0xff, (byte) 0xfe}),
                InvalidDatasetException.class).problems().get(0).message()).isEqualTo("is not UTF-8 text");
    }

    @Test
    void reportsAtMostTwentyProblems() {
        assertThat(problems("{x\n".repeat(100))).hasSize(20);
    }

    @Test
    void theSameContentHasTheSameId() {
        assertThat(parse("a\nb").id()).isEqualTo(parse("a\nb").id()).isNotEqualTo(parse("a\nc").id());
    }
}
