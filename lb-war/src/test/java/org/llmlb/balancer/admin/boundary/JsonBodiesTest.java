package org.llmlb.balancer.admin.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;

class JsonBodiesTest {

    @Test
    void anObjectIsRead() {
        assertThat(JsonBodies.object("{\"name\":\"a\",\"n\":1}").getString("name")).isEqualTo("a");
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertRefused("{\"name\":\"a\",\"name\":\"b\"}");
        assertRefused("{\"x\":{\"k\":1,\"k\":2}}");
    }

    @Test
    void malformedAndNonObjectBodiesAreRefused() {
        for (String body : new String[]{"", "  ", "[1]", "\"text\"", "{\"a\":NaN}", "{\"a\":Infinity}",
                "{\"a\":-Infinity}", "{\"a\":1", "{\"a\":1}}", "[".repeat(100_000),
                "{\"a\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}", "{\"a\":" + "{\"b\":".repeat(5_000) + "1" + "}".repeat(5_001)}) {
            assertRefused(body);
        }
    }

    private static void assertRefused(String body) {
        assertThatThrownBy(() -> JsonBodies.object(body)).as(body.length() > 50 ? body.substring(0, 50) : body)
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem).isEqualTo(Problem.INVALID_REQUEST));
    }
}
