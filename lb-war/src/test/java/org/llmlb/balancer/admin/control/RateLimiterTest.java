package org.llmlb.balancer.admin.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.llmlb.balancer.MutableClock;

class RateLimiterTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:10Z"));
    final RateLimiter limiter = new RateLimiter(3, clock);

    @Test
    void allowsTheLimitPerMinuteThenAsksToRetryAtTheNextMinute() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("10.0.0.1")).isZero();
        }
        assertThat(limiter.acquire("10.0.0.1")).isEqualTo(50);
        clock.advance(Duration.ofSeconds(50));
        assertThat(limiter.acquire("10.0.0.1")).isZero();
    }

    @Test
    void countsEachAddressOnItsOwn() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("a");
        }
        assertThat(limiter.acquire("a")).isPositive();
        assertThat(limiter.acquire("b")).isZero();
    }

    @Test
    void zeroMeansNoLimit() {
        RateLimiter off = new RateLimiter(0, clock);
        for (int i = 0; i < 1000; i++) {
            assertThat(off.acquire("a")).isZero();
        }
    }
}
