package org.llmlb.wsproxy.workload.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.workload.entity.Dataset;
import org.llmlb.wsproxy.workload.entity.Distribution;
import org.llmlb.wsproxy.workload.entity.SharedPrefix;
import org.llmlb.wsproxy.workload.entity.Workload;

class ConversationsTest {

    static Workload synthetic(long seed, SharedPrefix prefix, int turns) {
        return new Workload(Workload.Source.SYNTHETIC, seed, new Distribution.Normal(100, 30, 10, 300),
                new Distribution.Uniform(5, 50), true, null, prefix, turns);
    }

    static JsonArray messages(Conversations.Turn turn) {
        return Json.createReader(new StringReader(turn.messagesJson())).readArray();
    }

    static String content(JsonArray messages, int i) {
        return messages.getJsonObject(i).getString("content");
    }

    static List<String> roles(JsonArray messages) {
        return messages.stream().map(m -> ((JsonObject) m).getString("role")).toList();
    }

    @Test
    void theSameSeedGivesTheSameRequestsInTheSameOrder() {
        Conversations a = new Conversations(synthetic(42, null, 1), List.of());
        Conversations b = new Conversations(synthetic(42, null, 1), List.of());
        Conversations c = new Conversations(synthetic(43, null, 1), List.of());
        for (int i = 0; i < 200; i++) {
            Conversations.Turn x = a.next();
            Conversations.Turn y = b.next();
            assertThat(x.messagesJson()).isEqualTo(y.messagesJson());
            assertThat(x.maxTokens()).isEqualTo(y.maxTokens()).isBetween(5, 50);
            assertThat(x.promptTokens()).isEqualTo(y.promptTokens()).isBetween(10, 300);
            assertThat(x.messagesJson()).isNotEqualTo(c.next().messagesJson());
        }
    }

    @Test
    void aSyntheticPromptHasTheDrawnNumberOfWords() {
        Conversations conversations = new Conversations(synthetic(1, null, 1), List.of());
        int[] lengths = IntStream.range(0, 2000).map(i -> {
            Conversations.Turn turn = conversations.next();
            JsonArray m = messages(turn);
            assertThat(roles(m)).containsExactly("user");
            assertThat(Words.estimate(content(m, 0))).isEqualTo(turn.promptTokens());
            return turn.promptTokens();
        }).toArray();
        assertThat(IntStream.of(lengths).average().orElseThrow()).isBetween(97.0, 103.0);
    }

    @Test
    void sharedPrefixGroupsGiveEachConversationItsGroupsSystemPrompt() {
        Conversations conversations = new Conversations(synthetic(1, new SharedPrefix(3, 64), 1), List.of());
        List<JsonArray> sent = IntStream.range(0, 9).mapToObj(i -> messages(conversations.next())).toList();
        assertThat(sent).allSatisfy(m -> {
            assertThat(roles(m)).containsExactly("system", "user");
            assertThat(Words.estimate(content(m, 0))).isEqualTo(64);
        });
        List<String> systems = sent.stream().map(m -> content(m, 0)).toList();
        assertThat(systems.stream().distinct()).hasSize(3);
        for (int i = 3; i < 9; i++) {
            assertThat(systems.get(i)).isEqualTo(systems.get(i % 3));
        }
        // the user prompts still differ: only the prefix is shared
        assertThat(sent.stream().map(m -> content(m, 1)).distinct()).hasSize(9);
    }

    @Test
    void aNextTurnCarriesTheHistoryWithTheAnswerReallyReceived() {
        Conversations conversations = new Conversations(synthetic(5, new SharedPrefix(1, 8), 3), List.of());
        Conversations.Turn first = conversations.next();
        assertThat(first.number()).isEqualTo(1);
        assertThat(first.hasNext()).isTrue();
        // nothing is ready until the answer is in: the next request begins another conversation
        Conversations.Turn other = conversations.next();
        assertThat(other.conversation()).isNotSameAs(first.conversation());

        conversations.answered(first, "an answer with \"quotes\"\nand a new line");
        Conversations.Turn second = conversations.next();
        assertThat(second.conversation()).isSameAs(first.conversation());
        assertThat(second.number()).isEqualTo(2);
        JsonArray m = messages(second);
        assertThat(roles(m)).containsExactly("system", "user", "assistant", "user");
        assertThat(content(m, 1)).isEqualTo(content(messages(first), 1));
        assertThat(content(m, 2)).isEqualTo("an answer with \"quotes\"\nand a new line");
        assertThat(second.promptTokens()).isEqualTo(first.promptTokens() + 8 + Words.estimate(content(m, 3)));

        conversations.answered(second, "second answer");
        Conversations.Turn third = conversations.next();
        assertThat(roles(messages(third))).containsExactly("system", "user", "assistant", "user", "assistant", "user");
        assertThat(third.hasNext()).isFalse();
        conversations.answered(third, "done");
        // the conversation is over: a new one begins
        assertThat(conversations.next().conversation().index()).isEqualTo(2);
    }

    @Test
    void aFailedTurnEndsItsConversation() {
        Conversations conversations = new Conversations(synthetic(5, null, 3), List.of());
        Conversations.Turn first = conversations.next();
        conversations.answered(first, null);
        assertThat(conversations.next().number()).isEqualTo(1);
    }

    @Test
    void shareGptLinesAreConversationsAndPromptsAreTakenTurnsAtATime() {
        Dataset sharegpt = new Dataset("ds-1", "s", "sharegpt", List.of(List.of("a1", "a2", "a3"), List.of("b1")), 10);
        Conversations s = new Conversations(new Workload(Workload.Source.DATASET, 1, null, null, false, sharegpt, null,
                2), List.of());
        Conversations.Turn a = s.next();
        assertThat(content(messages(a), 0)).isEqualTo("a1");
        Conversations.Turn b = s.next();
        assertThat(content(messages(b), 0)).isEqualTo("b1");
        assertThat(b.hasNext()).isFalse();
        s.answered(a, "x");
        assertThat(content(messages(s.next()), 2)).isEqualTo("a2");
        assertThat(a.maxTokens()).isZero();

        Conversations presets = new Conversations(new Workload(Workload.Source.PRESET, 1, null,
                new Distribution.Fixed(7), false, null, null, 2), List.of("p1", "p2", "p3"));
        Conversations.Turn p = presets.next();
        assertThat(content(messages(p), 0)).isEqualTo("p1");
        assertThat(p.maxTokens()).isEqualTo(7);
        assertThat(content(messages(presets.next()), 0)).isEqualTo("p3");
        presets.answered(p, "y");
        assertThat(content(messages(presets.next()), 2)).isEqualTo("p2");
    }
}
