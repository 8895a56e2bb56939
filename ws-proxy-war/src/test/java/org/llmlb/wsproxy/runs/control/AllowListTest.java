package org.llmlb.wsproxy.runs.control;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;

class AllowListTest {

    @Test
    void allowsLoopbackByDefault() {
        AllowList list = AllowList.of("");
        for (String url : new String[] {"http://localhost:8080/v1", "http://127.0.0.1/v1", "http://127.8.9.10/v1",
                "http://[::1]:8080/v1"}) {
            assertThatCode(() -> list.check(URI.create(url))).doesNotThrowAnyException();
        }
    }

    @Test
    void refusesOtherHostsUnlessConfigured() {
        assertThatThrownBy(() -> AllowList.of("").check(URI.create("http://example.com/v1")))
                .isInstanceOf(HostNotAllowedException.class).hasMessageContaining("example.com");
        assertThatThrownBy(() -> AllowList.of("").check(URI.create("http://127.0.0.1.example.com/v1")))
                .isInstanceOf(HostNotAllowedException.class);
        assertThatCode(() -> AllowList.of(" lb , Example.com").check(URI.create("https://example.com/v1")))
                .doesNotThrowAnyException();
    }
}
