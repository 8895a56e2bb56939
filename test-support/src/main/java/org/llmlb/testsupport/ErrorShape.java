package org.llmlb.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.http.HttpResponse;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** Assertions on what every error of every WAR must look like: the OpenAI shape, no server name. */
public final class ErrorShape {

    private ErrorShape() {
    }

    /** {@code {"error":{"message","type","param","code"}}} with this status and code; returns the error object. */
    public static JsonObject assertOpenAiError(HttpResponse<String> answer, int status, String code) {
        assertThat(answer.statusCode()).as(answer.request().method() + " " + answer.uri() + ": " + answer.body())
                .isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).as("Content-Type of " + answer.uri())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(answer.body()).doesNotContain("Payara").doesNotContain("Exception").doesNotContain("<html");
        JsonObject error = Json.createReader(new StringReader(answer.body())).readObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo(code);
        assertThat(error.getString("type")).isNotBlank();
        assertThat(error.getString("message")).isNotBlank();
        assertThat(error.containsKey("param")).as("param").isTrue();
        assertNoServerName(answer);
        return error;
    }

    public static void assertNoServerName(HttpResponse<?> answer) {
        assertThat(answer.headers().firstValue("Server")).as("Server header of " + answer.uri()).isEmpty();
        assertThat(answer.headers().firstValue("X-Powered-By")).as("X-Powered-By header of " + answer.uri()).isEmpty();
    }
}
