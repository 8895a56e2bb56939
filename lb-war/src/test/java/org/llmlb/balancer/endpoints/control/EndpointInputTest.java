package org.llmlb.balancer.endpoints.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;
import org.llmlb.balancer.endpoints.entity.Endpoint;
import org.llmlb.balancer.problems.entity.FieldError;

class EndpointInputTest {

    @Test
    void acceptsPlainHttpAndHttpsBaseUrls() {
        assertThat(EndpointInput.urlProblem("http://vllm:8000/v1")).isNull();
        assertThat(EndpointInput.urlProblem("https://api.example.com/v1")).isNull();
    }

    @Test
    void rejectsUrlsThatAreNotPlainHttpBases() {
        for (String bad : new String[]{"file:///etc/passwd", "javascript:alert(1)", "ftp://host/x", "/relative",
                "http://user:pw@host/v1", "http://host/v1?x=1", "http://host/v1#frag", "http://", "not a url"}) {
            assertThat(EndpointInput.urlProblem(bad)).as(bad).isNotNull();
        }
    }

    @Test
    void reportsUnknownFieldsAndWrongTypesByField() {
        Endpoint target = new Endpoint();
        var errors = EndpointInput.apply(Json.createObjectBuilder()
                .add("name", 5).add("enabled", "yes").add("max_concurrent", 1.5).add("colour", "red")
                .add("priority_order", 2).build(), target);
        assertThat(errors).extracting(FieldError::field)
                .containsExactlyInAnyOrder("name", "enabled", "max_concurrent", "colour");
        assertThat(target.priorityOrder).isEqualTo(2);
    }

    @Test
    void dropsATrailingSlashFromTheBaseUrl() {
        Endpoint target = new Endpoint();
        EndpointInput.apply(Json.createObjectBuilder().add("base_url", "http://h:1/v1/").build(), target);
        assertThat(target.baseUrl).isEqualTo("http://h:1/v1");
    }
}
