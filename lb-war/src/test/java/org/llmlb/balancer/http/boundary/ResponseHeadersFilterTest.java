package org.llmlb.balancer.http.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResponseHeadersFilterTest {

    static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @Test
    void keepsTheClientsRequestIdWhenItIsVisibleAscii() {
        assertThat(ResponseHeadersFilter.requestId("my-trace-1")).isEqualTo("my-trace-1");
        assertThat(ResponseHeadersFilter.requestId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        String longest = "r".repeat(ResponseHeadersFilter.MAX_REQUEST_ID_LENGTH);
        assertThat(ResponseHeadersFilter.requestId(longest)).isEqualTo(longest);
    }

    @Test
    void replacesARequestIdThatCouldNotBeForwardedAsItIs() {
        for (String bad : new String[]{null, "", "   ", "a\r\nX-Injected: yes", "a\nb", "a\tb", "a\u0000b", "a\u007Fb",
                "zürich", "a b", "r".repeat(ResponseHeadersFilter.MAX_REQUEST_ID_LENGTH + 1)}) {
            assertThat(ResponseHeadersFilter.requestId(bad)).as(String.valueOf(bad)).matches(UUID_V4);
        }
    }
}
