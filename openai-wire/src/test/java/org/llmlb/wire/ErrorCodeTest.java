package org.llmlb.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void findsTheSharedErrorOfAStatus() {
        assertThat(ErrorCode.of(404)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(ErrorCode.of(429).type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(ErrorCode.of(503).code()).isEqualTo("service_unavailable");
    }

    @Test
    void aStatusNotSharedIsAServerErrorFrom500OnElseAnInvalidRequest() {
        assertThat(ErrorCode.of(502)).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(ErrorCode.of(418)).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void oneSharedErrorPerStatusAndCode() {
        assertThat(ErrorCode.COMMON.stream().map(ErrorCode::status)).doesNotHaveDuplicates();
        assertThat(ErrorCode.COMMON.stream().map(ErrorCode::code)).doesNotHaveDuplicates();
        assertThat(ErrorCode.COMMON).allSatisfy(e -> assertThat(e.type() == ErrorType.SERVER).isEqualTo(e.status() >= 500));
    }
}
