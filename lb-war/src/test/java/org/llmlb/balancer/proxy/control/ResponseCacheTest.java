package org.llmlb.balancer.proxy.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.llmlb.balancer.MutableClock;

class ResponseCacheTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final ResponseCache cache = cache(3, 10);

    ResponseCache cache(int maxEntries, double ttlSeconds) {
        ResponseCache cache = new ResponseCache();
        cache.clock = clock;
        cache.maxEntries = maxEntries;
        cache.ttlSeconds = ttlSeconds;
        return cache;
    }

    static byte[] body(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keysOnScopePathAndTheExactBody() {
        cache.put(ResponseCache.key("s", "/chat/completions", body("{\"a\":1}")), "application/json", "e1", body("x"));
        assertThat(cache.get(ResponseCache.key("s", "/chat/completions", body("{\"a\":1}")))).isNotNull();
        assertThat(cache.get(ResponseCache.key("s", "/chat/completions", body("{\"a\": 1}")))).isNull();
        assertThat(cache.get(ResponseCache.key("s", "/completions", body("{\"a\":1}")))).isNull();
        assertThat(cache.get(ResponseCache.key("other", "/chat/completions", body("{\"a\":1}")))).isNull();
    }

    @Test
    void entriesExpireAfterTheTtl() {
        cache.put("k", "application/json", "e1", body("x"));
        clock.advance(Duration.ofSeconds(9));
        assertThat(cache.get("k")).isNotNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("k")).isNull();
    }

    @Test
    void evictsTheOldestBeyondMaxEntries() {
        for (String key : new String[]{"a", "b", "c", "d"}) {
            cache.put(key, "application/json", "e1", body(key));
            clock.advance(Duration.ofMillis(1));
        }
        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("b")).isNotNull();
        assertThat(cache.get("d").body()).isEqualTo(body("d"));
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void storesNothingWhenDisabled() {
        ResponseCache off = cache(0, 10);
        off.put("k", "application/json", "e1", body("x"));
        assertThat(off.enabled()).isFalse();
        assertThat(off.get("k")).isNull();
    }
}
