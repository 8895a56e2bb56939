package org.llmlb.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.llmlb.wire.ErrorType;

class ContainerErrorTest {

    @Test
    void an_unknown_path_is_named_in_the_message() {
        ContainerError error = ContainerError.of(404, "GET", "/anything");

        assertThat(error).isEqualTo(new ContainerError(404, ErrorType.INVALID_REQUEST, "not_found", "Unknown path /anything"));
    }

    @Test
    void a_refused_method_names_method_and_path() {
        ContainerError error = ContainerError.of(405, "POST", "/index.html");

        assertThat(error.code()).isEqualTo("method_not_allowed");
        assertThat(error.message()).isEqualTo("Method POST is not allowed on /index.html");
    }

    @Test
    void server_failures_say_nothing_about_the_cause() {
        assertThat(ContainerError.of(500, "GET", "/x")).isEqualTo(
                new ContainerError(500, ErrorType.SERVER, "internal_error", "Internal error"));
        assertThat(ContainerError.of(502, "GET", "/x").type()).isEqualTo(ErrorType.SERVER);
    }

    @Test
    void statuses_without_a_name_of_their_own_keep_their_status_and_class() {
        ContainerError error = ContainerError.of(418, "GET", "/x");

        assertThat(error.status()).isEqualTo(418);
        assertThat(error.type()).isEqualTo(ErrorType.INVALID_REQUEST);
        assertThat(error.code()).isEqualTo("invalid_request");
    }

    @Test
    void a_long_path_is_cut_in_the_message() {
        String path = "/" + "a".repeat(5_000);

        String message = ContainerError.of(404, "GET", path).message();

        assertThat(message).hasSize("Unknown path ".length() + ContainerError.MAX_PATH_IN_MESSAGE + 1).endsWith("…");
    }

    @Test
    void the_body_is_the_openai_shape_with_control_characters_escaped() {
        byte[] body = ErrorPage.body(ContainerError.of(404, "GET", "/a\"b\u0000c\n"));

        JsonObject error = Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8))).readObject()
                .getJsonObject("error");
        assertThat(error.getString("message")).isEqualTo("Unknown path /a\"b\u0000c\n");
        assertThat(error.getString("type")).isEqualTo("invalid_request_error");
        assertThat(error.isNull("param")).isTrue();
        assertThat(error.getString("code")).isEqualTo("not_found");
    }
}
