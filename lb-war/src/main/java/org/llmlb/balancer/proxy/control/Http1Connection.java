package org.llmlb.balancer.proxy.control;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** One kept-alive HTTP/1.1 connection to an endpoint, used by one request at a time. */
final class Http1Connection {

    final Socket socket;
    final InputStream in;
    final OutputStream out;
    final String pool;
    /** Whether it came from the pool, so a failure before any answer may be a stale connection. */
    boolean reused;

    Http1Connection(Socket socket, String pool) throws IOException {
        this.socket = socket;
        this.pool = pool;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }
}
