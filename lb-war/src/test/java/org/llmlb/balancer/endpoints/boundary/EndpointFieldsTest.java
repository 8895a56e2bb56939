package org.llmlb.balancer.endpoints.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.llmlb.balancer.admin.boundary.Fields;
import org.llmlb.balancer.endpoints.entity.Endpoint;
import org.llmlb.balancer.problems.entity.FieldError;

class EndpointFieldsTest {

    @Test
    void acceptsPlainHttpAndHttpsBaseUrls() {
        assertThat(EndpointFields.urlProblem("http://vllm:8000/v1")).isNull();
        assertThat(EndpointFields.urlProblem("https://api.example.com/v1")).isNull();
    }

    @Test
    void rejectsUrlsThatAreNotPlainHttpBases() {
        for (String bad : new String[]{"file:///etc/passwd", "javascript:alert(1)", "ftp://host/x", "/relative",
                "http://user:pw@host/v1", "http://host/v1?x=1", "http://host/v1#frag", "http://", "not a url"}) {
            assertThat(EndpointFields.urlProblem(bad)).as(bad).isNotNull();
        }
    }

    @Test
    void reportsUnknownFieldsAndWrongTypesByFieldInTheBodysOrder() {
        Endpoint target = new Endpoint();
        var errors = read(Json.createObjectBuilder()
                .add("name", 5).add("enabled", "yes").add("max_concurrent", 1.5).add("colour", "red")
                .add("priority_order", 2).build(), target);
        assertThat(errors).extracting(FieldError::field)
                .containsExactly("name", "enabled", "max_concurrent", "colour");
        assertThat(target.priorityOrder).isEqualTo(2);
    }

    @Test
    void dropsATrailingSlashFromTheBaseUrl() {
        Endpoint target = new Endpoint();
        read(Json.createObjectBuilder().add("base_url", "http://h:1/v1/").build(), target);
        assertThat(target.baseUrl).isEqualTo("http://h:1/v1");
    }

    @Test
    void takesNullForTheApiKeyAndTheTimeoutButSaysOnlyTheType() {
        Endpoint target = new Endpoint();
        target.apiKey = "sk-old";
        target.timeout = 30.0;
        assertThat(read(Json.createObjectBuilder().addNull("api_key").addNull("timeout").build(), target)).isEmpty();
        assertThat(target.apiKey).isNull();
        assertThat(target.timeout).isNull();
        assertThat(read(Json.createObjectBuilder().add("api_key", 1).add("timeout", "soon").build(), target))
                .containsExactly(new FieldError("api_key", "must be a string"),
                        new FieldError("timeout", "must be a number"));
    }

    @Test
    void refusesApiKeysThatWouldBreakOutOfTheAuthorizationHeader() {
        for (String bad : new String[]{"sk-abc\r\nX-Injected: yes", "sk-abc\nX", "sk-abc\rX", "sk\tabc", "sk\u0000abc",
                "sk\u007Fabc", "sk-äbc", "sk-abc\u2028", "sk abc", " sk-abc", "sk-abc "}) {
            Endpoint target = new Endpoint();
            target.apiKey = "sk-old";
            assertThat(read(Json.createObjectBuilder().add("api_key", bad).build(), target)).as(bad)
                    .containsExactly(new FieldError("api_key", EndpointFields.API_KEY_RULE));
            assertThat(target.apiKey).as("a refused key changes nothing").isEqualTo("sk-old");
        }
    }

    @Test
    void takesApiKeysOfVisibleAscii() {
        Endpoint target = new Endpoint();
        String key = "sk-proj_AZaz09~!#$%&'*+-./:;<=>?@[]^`{|}\"\\";
        assertThat(read(Json.createObjectBuilder().add("api_key", key).build(), target)).isEmpty();
        assertThat(target.apiKey).isEqualTo(key);
    }

    @Test
    void refusesBaseUrlsWithCharactersBeyondAscii() {
        assertThat(EndpointFields.urlProblem("http://host/v1/é")).isEqualTo(EndpointFields.BASE_URL_ASCII_RULE);
        assertThat(EndpointFields.urlProblem("http://host/v1\r\nX-Injected: yes")).isNotNull();
        assertThat(EndpointFields.urlProblem("http://host/%C3%A9/v1")).isNull();
    }

    private static List<FieldError> read(JsonObject body, Endpoint target) {
        return EndpointFields.read(new Fields(body, EndpointFields.NAMES), target).errors();
    }
}
