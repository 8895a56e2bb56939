package org.llmlb.bench.clients;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * The one small streaming API every candidate implements, so they are compared doing the same
 * work. It is the shape the balancer's proxy needs from its upstream client.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #post} sends the request and returns at once; callbacks arrive on the library's
 *       threads (possibly before {@code post} returns, for {@code onHead}).</li>
 *   <li>{@code onHead} is delivered without demand. Each {@code onData} needs one prior
 *       {@link Exchange#demand()}; demand starts at 0. {@code demand()} may be called from any
 *       thread, also from inside {@code onData}.</li>
 *   <li>The buffer given to {@code onData} is only valid during the call (the library may reuse
 *       it): consume or copy it.</li>
 *   <li>{@code onEnd} or {@code onFailure} is delivered exactly once, after all data. An
 *       implementation may need a pending demand to discover the end of the body.</li>
 *   <li>{@link Exchange#cancel()} aborts the exchange and must close the upstream connection
 *       (an HTTP/1.1 response that is not read to its end cannot be reused). After cancel no
 *       more {@code onData} is delivered; {@code onFailure} may or may not follow.</li>
 * </ul>
 */
public interface StreamingClient extends AutoCloseable {

    /** Candidate name as used on the command line and in the tables. */
    String name();

    /** One line on how the library was configured and on which threads it calls back. */
    String describe();

    Exchange post(URI uri, Map<String, String> headers, byte[] body, Listener listener);

    @Override
    void close() throws Exception;

    interface Exchange {
        /** Allows one more {@code onData}. */
        void demand();

        /** Aborts the exchange and closes its connection. */
        void cancel();
    }

    interface Listener {
        void onHead(int status, Map<String, List<String>> headers);

        void onData(ByteBuffer data);

        void onEnd();

        void onFailure(Throwable failure);
    }
}
