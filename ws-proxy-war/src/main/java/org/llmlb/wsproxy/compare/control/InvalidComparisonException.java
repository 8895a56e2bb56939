package org.llmlb.wsproxy.compare.control;

/** A comparison that cannot be made: fewer than two runs, or a run that has not ended. */
public class InvalidComparisonException extends RuntimeException {

    public InvalidComparisonException(String message) {
        super(message);
    }
}
