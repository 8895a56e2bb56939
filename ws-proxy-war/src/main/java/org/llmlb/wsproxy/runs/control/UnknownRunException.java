package org.llmlb.wsproxy.runs.control;

public class UnknownRunException extends RuntimeException {

    public UnknownRunException(String id) {
        super("no run with id '" + id + "'");
    }
}
