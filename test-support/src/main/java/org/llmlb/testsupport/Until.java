package org.llmlb.testsupport;

import java.time.Duration;

/** Waiting for a condition a server announces only by answering differently: fails, never returns silently. */
public final class Until {

    /** A condition that may need a request to decide. */
    public interface Check {
        boolean holds() throws Exception;
    }

    private Until() {
    }

    /** Asks until {@code check} holds; an AssertionError naming {@code what} after {@code limit}. Returns the seconds it took. */
    public static double until(Duration limit, String what, Check check) throws Exception {
        long start = System.nanoTime();
        long end = start + limit.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            // nothing to wait on but the next try: the server sends no event for it
            Thread.sleep(200);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
