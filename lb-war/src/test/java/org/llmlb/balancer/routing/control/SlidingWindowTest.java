package org.llmlb.balancer.routing.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.llmlb.balancer.MutableClock;

class SlidingWindowTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final SlidingWindow window = new SlidingWindow(clock, 1000, 10);

    @Test
    void sumsWhatWasAddedWithinTheWindow() {
        window.add(5);
        clock.advance(Duration.ofSeconds(3));
        window.add(7);
        assertThat(window.sum()).isEqualTo(12);
        assertThat(window.perSecond()).isEqualTo(1.2);
    }

    @Test
    void forgetsWhatFellOutOfTheWindow() {
        window.add(5);
        clock.advance(Duration.ofSeconds(10));
        window.add(1);
        assertThat(window.sum()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(30));
        assertThat(window.sum()).isZero();
    }

    @Test
    void recyclesBucketsWhenTimeWrapsAround() {
        window.add(100);
        clock.advance(Duration.ofSeconds(20));
        window.add(3);
        assertThat(window.sum()).isEqualTo(3);
    }
}
