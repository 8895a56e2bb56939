package org.llmlb.wsproxy.engine.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.llmlb.wsproxy.engine.entity.ErrorCount;
import org.llmlb.wsproxy.engine.entity.RequestRecord;

/**
 * Failed requests counted by status and code, each kind with the first message seen. Codes come
 * from the target, so the kinds are bounded: past {@link #MAX_KINDS} the rest count as one
 * {@code other} kind. Not thread-safe: {@link RunMetrics} holds its lock around it.
 */
final class ErrorBreakdown {

    static final int MAX_KINDS = 32;

    private static final class Tally {
        final int status;
        final String code;
        final String message;
        long count;

        Tally(int status, String code, String message) {
            this.status = status;
            this.code = code;
            this.message = message;
        }
    }

    private final Map<String, Tally> kinds = new LinkedHashMap<>();

    void add(RequestRecord failed) {
        String code = failed.errorCode() == null ? "unknown" : failed.errorCode();
        String key = failed.status() + " " + code;
        Tally tally = kinds.get(key);
        if (tally == null) {
            if (kinds.size() >= MAX_KINDS) {
                tally = kinds.computeIfAbsent("other", k -> new Tally(-1, "other", "more kinds of errors than are listed"));
            } else {
                tally = new Tally(failed.status(), code, failed.errorMessage());
                kinds.put(key, tally);
            }
        }
        tally.count++;
    }

    /** Most frequent first. */
    List<ErrorCount> counts() {
        List<ErrorCount> list = new ArrayList<>();
        kinds.values().forEach(t -> list.add(new ErrorCount(t.status, t.code, t.count, t.message)));
        list.sort(Comparator.comparingLong(ErrorCount::count).reversed());
        return list;
    }
}
