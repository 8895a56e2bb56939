package org.llmlb.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

class ErrorBodyTest {

    @Test
    void hasTheOpenAiShapeWithANullParam() {
        JsonObject error = ErrorBody.of(ErrorType.SERVER, "upstream_error", "no endpoint answered").getJsonObject("error");

        assertThat(error.keySet()).containsExactly("message", "type", "param", "code");
        assertThat(error.getString("message")).isEqualTo("no endpoint answered");
        assertThat(error.getString("type")).isEqualTo("server_error");
        assertThat(error.get("param")).isEqualTo(JsonValue.NULL);
        assertThat(error.getString("code")).isEqualTo("upstream_error");
    }

    @Test
    void namesTheParamAtFaultAndListsRejectedFieldsOnlyWhenThereAreAny() {
        JsonObject error = ErrorBody.of(ErrorType.INVALID_REQUEST, "invalid_card", "invalid card: rate must be > 0",
                "rate", List.of(new FieldError("rate", "must be > 0"), new FieldError("seconds", "missing")))
                .getJsonObject("error");

        assertThat(error.getString("param")).isEqualTo("rate");
        assertThat(error.getJsonArray("details")).hasSize(2);
        assertThat(error.getJsonArray("details").getJsonObject(1).getString("field")).isEqualTo("seconds");
        assertThat(error.getJsonArray("details").getJsonObject(1).getString("message")).isEqualTo("missing");
        assertThat(ErrorBody.of(ErrorType.RATE_LIMIT, "rate_limited", "slow down", List.of()).getJsonObject("error")
                .containsKey("details")).isFalse();
    }

    @Test
    void bytesAreTheUtf8OfTheJson() {
        JsonObject body = ErrorBody.of(ErrorType.REQUESTS, "rate_limit_exceeded", "zu viele Anfragen: ä");

        assertThat(new String(ErrorBody.bytes(body), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":{\"message\":\"zu viele Anfragen: ä\",\"type\":\"requests\",\"param\":null,"
                        + "\"code\":\"rate_limit_exceeded\"}}");
    }
}
