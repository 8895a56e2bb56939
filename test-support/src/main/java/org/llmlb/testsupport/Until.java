package org.llmlb.testsupport;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * The one way the tests wait for a condition that nothing announces but a different answer: ask
 * again until it holds, and fail with a message naming what was awaited (and what was seen last)
 * when it does not hold in time. Never returns silently on timeout.
 */
public final class Until {

    /** A condition that may need a request to decide. */
    public interface Check {
        boolean holds() throws Exception;
    }

    /** A value that may need a request to read. */
    public interface Probe<T> {
        T read() throws Exception;
    }

    /** The first pause between tries; doubled after each try up to {@link #LONGEST_PAUSE_MILLIS}. */
    static final long FIRST_PAUSE_MILLIS = 10;
    static final long LONGEST_PAUSE_MILLIS = 200;

    private Until() {
    }

    /**
     * Asks until {@code check} holds; an AssertionError naming {@code what} after {@code limit}.
     * Returns the seconds it took.
     */
    public static double until(Duration limit, String what, Check check) throws Exception {
        long start = System.nanoTime();
        until(limit, what, check::holds, Boolean.TRUE::equals);
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Reads {@code probe} until {@code accepted} takes its value and returns that value; an
     * AssertionError naming {@code what} and the last value read after {@code limit}.
     */
    public static <T> T until(Duration limit, String what, Probe<T> probe, Predicate<? super T> accepted) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            T value = probe.read();
            if (accepted.test(value)) {
                return value;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + limit + ": " + what + " (last seen: " + value + ")");
            }
            // nothing to wait on but the next try: the condition is announced by no event
            Thread.sleep(pause);
            pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
        }
    }
}
