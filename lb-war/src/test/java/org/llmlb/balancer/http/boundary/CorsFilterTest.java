package org.llmlb.balancer.http.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CorsFilterTest {

    @Test
    void wildcardAllowsAnyOriginWithAStar() {
        assertThat(CorsFilter.allowOrigin(CorsFilter.parse("*"), "https://x.example")).isEqualTo("*");
    }

    @Test
    void listedOriginsAreEchoedOthersRefused() {
        List<String> allowed = CorsFilter.parse(" http://localhost:8088 , https://Dash.example/ ");

        assertThat(allowed).containsExactly("http://localhost:8088", "https://dash.example");
        assertThat(CorsFilter.allowOrigin(allowed, "http://localhost:8088")).isEqualTo("http://localhost:8088");
        assertThat(CorsFilter.allowOrigin(allowed, "https://dash.example")).isEqualTo("https://dash.example");
        assertThat(CorsFilter.allowOrigin(allowed, "http://localhost:9999")).isNull();
        assertThat(CorsFilter.allowOrigin(allowed, "http://localhost:8088.evil.example")).isNull();
    }

    @Test
    void noOriginMeansNoCorsHeader() {
        assertThat(CorsFilter.allowOrigin(CorsFilter.parse("*"), null)).isNull();
    }

    @Test
    void emptyConfigurationAllowsNobody() {
        assertThat(CorsFilter.parse("")).isEmpty();
        assertThat(CorsFilter.allowOrigin(CorsFilter.parse(" , "), "http://a")).isNull();
    }
}
