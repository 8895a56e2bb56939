package org.llmlb.wsproxy.runs.control;

/** A target outside the allow-list: the producer must not become an open relay. */
public class HostNotAllowedException extends RuntimeException {

    public HostNotAllowedException(String host) {
        super("host '" + host + "' is not allowed as a target; add it to PRODUCER_ALLOWED_HOSTS");
    }
}
