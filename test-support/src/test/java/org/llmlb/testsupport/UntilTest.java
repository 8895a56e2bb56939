package org.llmlb.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.llmlb.testsupport.Until.until;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class UntilTest {

    @Test
    void returnsTheFirstAcceptedValue() throws Exception {
        AtomicInteger reads = new AtomicInteger();

        int value = until(Duration.ofSeconds(5), "three reads", reads::incrementAndGet, n -> n >= 3);

        assertThat(value).isEqualTo(3);
        assertThat(reads).hasValue(3);
    }

    @Test
    void failsNamingWhatItAwaitedAndWhatItSawLast() {
        assertThatThrownBy(() -> until(Duration.ofMillis(100), "the answer 42", () -> 41, n -> n == 42))
                .isInstanceOf(AssertionError.class)
                .hasMessage("not within PT0.1S: the answer 42 (last seen: 41)");
    }

    @Test
    void aConditionThatNeverHoldsFails() {
        assertThatThrownBy(() -> until(Duration.ofMillis(50), "never", () -> false))
                .isInstanceOf(AssertionError.class).hasMessageContaining("never");
    }

    @Test
    void anExceptionWhileAskingEndsTheWaitAtOnce() {
        assertThatThrownBy(() -> until(Duration.ofSeconds(30), "a refused check", () -> {
            throw new IllegalStateException("server exited");
        })).isInstanceOf(IllegalStateException.class).hasMessage("server exited");
    }
}
