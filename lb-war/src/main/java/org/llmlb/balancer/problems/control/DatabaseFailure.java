package org.llmlb.balancer.problems.control;

import java.net.ConnectException;
import java.sql.SQLException;

/** Whether a failure comes from a database that cannot be reached, not from what was asked. */
public final class DatabaseFailure {

    private DatabaseFailure() {
    }

    public static boolean in(Throwable failure) {
        return cause(failure) != null;
    }

    /** The connection failure in {@code failure}'s causes, named for a log line, or null. */
    public static String cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return t.getClass().getSimpleName() + " " + sql.getSQLState();
            }
            if (t instanceof ConnectException || t instanceof jakarta.resource.ResourceException) {
                return t.getClass().getSimpleName();
            }
        }
        return null;
    }
}
