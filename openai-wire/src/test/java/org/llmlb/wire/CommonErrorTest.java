package org.llmlb.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class CommonErrorTest {

    @Test
    void findsTheErrorOfAStatus() {
        assertThat(CommonError.of(404)).isEqualTo(CommonError.NOT_FOUND);
        assertThat(CommonError.of(429).type).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(CommonError.of(503).code).isEqualTo("service_unavailable");
    }

    @Test
    void anUnlistedStatusIsAServerErrorFrom500OnElseAnInvalidRequest() {
        assertThat(CommonError.of(502)).isEqualTo(CommonError.INTERNAL_ERROR);
        assertThat(CommonError.of(418)).isEqualTo(CommonError.INVALID_REQUEST);
    }

    @Test
    void oneErrorPerStatusAndCode() {
        assertThat(Arrays.stream(CommonError.values()).map(e -> e.status)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(CommonError.values()).map(e -> e.code)).doesNotHaveDuplicates();
        assertThat(CommonError.values()).allSatisfy(e -> assertThat(e.type == ErrorType.SERVER).isEqualTo(e.status >= 500));
    }
}
