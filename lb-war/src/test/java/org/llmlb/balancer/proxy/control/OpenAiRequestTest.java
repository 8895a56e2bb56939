package org.llmlb.balancer.proxy.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;

class OpenAiRequestTest {

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsModelStreamAndUsageOptionWithoutTheMessages() {
        OpenAiRequest r = OpenAiRequest.parse(bytes(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi {\"}],\"model\":\"m1\",\"stream\":true,"
                        + "\"max_tokens\":12,\"stream_options\":{\"include_usage\":true}}"));
        assertThat(r.model()).isEqualTo("m1");
        assertThat(r.stream()).isTrue();
        assertThat(r.clientWantsUsage()).isTrue();
        assertThat(r.maxTokens()).isEqualTo(12);
        assertThat(r.injectsUsage()).isFalse();
    }

    @Test
    void skipsNestedValuesWhoseStringsContainBracketsQuotesAndEscapes() {
        OpenAiRequest r = OpenAiRequest.parse(bytes("{\"messages\":[{\"content\":\"a } ] \\\" [ {\"},"
                + "{\"content\":[1,2.5e3,-3,true,null,{\"x\":[]}]}],\"model\":\"caf\\u00e9-\u00fc\","
                + "\"stream\":false,\"max_tokens\":7}"));
        assertThat(r.model()).isEqualTo("café-ü");
        assertThat(r.stream()).isFalse();
        assertThat(r.maxTokens()).isEqualTo(7);
    }

    @Test
    void nullMembersAreAsIfAbsent() {
        OpenAiRequest r = OpenAiRequest.parse(bytes("{\"model\":null,\"stream\":null,\"stream_options\":null}"));
        assertThat(r.model()).isNull();
        assertThat(r.stream()).isFalse();
    }

    @Test
    void membersTheBalancerActsOnMustHaveTheirTypeAndComeOnce() {
        // the endpoint might read "yes" as a stream while the balancer relays a whole answer
        for (String bad : new String[]{"{\"model\":42}", "{\"model\":[\"m\"]}", "{\"stream\":\"yes\"}",
                "{\"stream\":1}", "{\"model\":\"a\",\"model\":\"b\"}", "{\"stream\":false,\"stream\":true}",
                "{\"stream_options\":{},\"stream_options\":{}}"}) {
            assertThatThrownBy(() -> OpenAiRequest.parse(bytes(bad))).as(bad)
                    .isInstanceOfSatisfying(ProblemException.class,
                            p -> assertThat(p.problem).isEqualTo(Problem.INVALID_REQUEST));
        }
    }

    @Test
    void passesNonStreamingBodiesThroughUnchanged() {
        byte[] body = bytes("{ \"model\" : \"m\", \"messages\": [] }");
        assertThat(OpenAiRequest.parse(body).upstreamBody(body)).isSameAs(body);
    }

    @Test
    void asksForUsageOnStreamsWhenTheClientDidNot() {
        byte[] body = bytes("  {\"model\":\"m\",\"stream\":true}");
        String upstream = new String(OpenAiRequest.parse(body).upstreamBody(body), StandardCharsets.UTF_8);
        assertThat(upstream).isEqualTo("  {\"stream_options\":{\"include_usage\":true},\"model\":\"m\",\"stream\":true}");
    }

    @Test
    void turnsAnExplicitIncludeUsageFalseIntoTrue() {
        byte[] body = bytes("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":false,\"x\":1}}");
        OpenAiRequest r = OpenAiRequest.parse(body);
        assertThat(r.injectsUsage()).isTrue();
        String upstream = new String(r.upstreamBody(body), StandardCharsets.UTF_8);
        assertThat(upstream).contains("\"include_usage\":true").contains("\"x\":1").doesNotContain("false");
    }

    @Test
    void rejectsMalformedJsonAndNonObjects() {
        for (String bad : new String[]{"{\"model\":", "[1,2]", "not json", "\"text\"", "{\"a\":1} x",
                "{\"a\":[1,2}", "{\"a\" 1}", "{\"model\":\"unterminated}", "", "{\"a\":@}",
                "{\"t\":NaN}", "{\"t\":Infinity}", "{\"t\":-Infinity}", "{\"t\":-}", "{\"t\":truth}", "{\"t\":nil}",
                "{\"t\":0x10}"}) {
            assertThatThrownBy(() -> OpenAiRequest.parse(bytes(bad)))
                    .isInstanceOfSatisfying(ProblemException.class,
                            p -> assertThat(p.problem).isEqualTo(Problem.INVALID_REQUEST));
        }
    }
}
