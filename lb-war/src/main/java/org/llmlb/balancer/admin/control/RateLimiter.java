package org.llmlb.balancer.admin.control;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixed one-minute windows per key (the client address): at most {@code perMinute} requests in
 * each. Old windows are dropped once the map grows large, so it cannot be filled up for good.
 */
public final class RateLimiter {

    private record Window(long minute, AtomicInteger count) {
    }

    private final int perMinute;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** @return 0 when allowed, else the seconds until the next window (for {@code Retry-After}) */
    public long acquire(String key) {
        if (perMinute <= 0) {
            return 0;
        }
        long now = clock.millis();
        long minute = now / 60_000;
        Window window = windows.compute(key, (k, w) -> w == null || w.minute() != minute
                ? new Window(minute, new AtomicInteger()) : w);
        if (windows.size() > 10_000) {
            windows.values().removeIf(w -> w.minute() != minute);
        }
        if (window.count().incrementAndGet() > perMinute) {
            return Math.max(1, ((minute + 1) * 60_000 - now + 999) / 1000);
        }
        return 0;
    }
}
