package org.llmlb.wsproxy.engine.control;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests of a run that are out and not yet answered, so the run can count them, time out
 * the ones that take too long and close them all when it is stopped. Added on the thread that
 * sends, removed on the I/O thread that reads the end; no lock.
 */
final class OpenRequests {

    private final Set<AnswerReader> open = ConcurrentHashMap.newKeySet();

    void add(AnswerReader reader) {
        open.add(reader);
    }

    void remove(AnswerReader reader) {
        open.remove(reader);
    }

    int count() {
        return open.size();
    }

    /** Every request sent more than {@code limitNanos} before {@code nowNanos} ends as a timeout error. */
    void expire(long nowNanos, long limitNanos) {
        for (AnswerReader reader : open) {
            if (nowNanos - reader.sentNanos() > limitNanos) {
                reader.timeOut(nowNanos);
            }
        }
    }

    /** Closes every open request without a record (a stopped run). */
    void abandonAll() {
        for (AnswerReader reader : open) {
            if (reader.abandon()) {
                open.remove(reader);
            }
        }
    }
}
