package org.llmlb.client.http;

import java.nio.ByteBuffer;

/**
 * What an exchange reports, always on one of the client's I/O threads, one call at a time.
 * Calls must not block. After {@link #end()} or {@link #failed(Throwable)} nothing more comes,
 * and nothing at all comes after the exchange was cancelled.
 */
public interface ResponseListener {

    void head(ResponseHead head);

    /**
     * A piece of the body, valid only during the call. After {@link Exchange#pause()} at most
     * what was already read from the network (one read buffer) still arrives.
     */
    void content(ByteBuffer content);

    void end();

    /** Connect error, DNS or TLS failure, a broken or malformed answer. */
    void failed(Throwable error);
}
