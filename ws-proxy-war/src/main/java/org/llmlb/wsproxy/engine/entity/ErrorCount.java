package org.llmlb.wsproxy.engine.entity;

/**
 * Failed requests of one kind: HTTP {@code status} (0 when no answer came) and {@code code} (the
 * answer's {@code error.code}, else its type, else the kind of I/O failure), with the message of
 * the first one as a sample.
 */
public record ErrorCount(int status, String code, long count, String message) {
}
