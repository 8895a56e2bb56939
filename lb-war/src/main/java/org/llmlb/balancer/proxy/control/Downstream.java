package org.llmlb.balancer.proxy.control;

import org.llmlb.balancer.problems.control.ProblemException;

/**
 * The client side of a proxied request as the hot path sees it: non-blocking writes with
 * readiness, as the servlet API offers them. Every call is made from the request's
 * {@link Mailbox}; the events come back through it.
 */
public interface Downstream {

    /** What the client side reports, called in the request's mailbox. */
    interface Events {
        /** Writing is possible again after {@link #ready()} said no. */
        void writable();

        /** The client closed its connection or it broke. */
        void gone();
    }

    Mailbox mailbox();

    void listen(Events events);

    /**
     * Status and headers of an answer from {@code endpoint}; they go out with the first write.
     *
     * @param contentLength the body's length when it is known (a whole answer), else -1 (a stream)
     */
    void commit(int status, String contentType, String endpoint, long overheadNanos, long contentLength);

    boolean committed();

    /** Whether a write may be made now. */
    boolean ready();

    /** Writes without flushing; @return whether another write may follow at once */
    boolean write(byte[] bytes);

    /** @return whether another write may follow at once */
    boolean flush();

    /** Answers with the error, when nothing was committed yet. */
    void fail(ProblemException problem);

    /** Ends the response once what was written is on its way. */
    void complete();

    /** The client is gone: let go of the response. */
    void abandon();

    /** Where the client's connection shows in the socket table ({@link ClientConnections#key}), or 0. */
    long connectionKey();
}
