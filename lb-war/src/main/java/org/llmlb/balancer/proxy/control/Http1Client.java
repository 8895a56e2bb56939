package org.llmlb.balancer.proxy.control;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A blocking HTTP/1.1 client with kept-alive connections per endpoint. The proxy calls it on
 * the request's own thread: no hand-over between threads per request, which on this kind of
 * machine costs more than the rest of the request. The socket timeout bounds the wait for the
 * first byte and every gap between reads.
 */
@ApplicationScoped
public class Http1Client {

    @Inject
    @ConfigProperty(name = "lb.max.keepalive")
    int maxIdlePerEndpoint;

    private final Map<String, ConcurrentLinkedDeque<Http1Connection>> idle = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> idleCounts = new ConcurrentHashMap<>();
    private final SSLSocketFactory verifying = Tls.verifying().getSocketFactory();
    private final SSLSocketFactory trusting = Tls.trusting().getSocketFactory();

    /** One request; the caller reads the body from the answer and closes it. */
    Http1Response post(URI base, String path, boolean verifyTls, String[] headers, byte[] body, int timeoutMillis)
            throws IOException {
        boolean tls = "https".equalsIgnoreCase(base.getScheme());
        String host = base.getHost();
        int port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
        String pool = (tls ? "s|" : "p|") + host + "|" + port + (tls && !verifyTls ? "|t" : "");
        byte[] head = head(base, path, host, port, tls, headers, body.length);
        while (true) {
            Http1Connection connection = acquire(pool, host, port, tls, verifyTls, timeoutMillis);
            try {
                connection.socket.setSoTimeout(timeoutMillis);
                OutputStream out = connection.out;
                out.write(head);
                out.write(body);
                out.flush();
                return readHead(connection);
            } catch (StaleConnection | java.net.SocketException stale) {
                connection.close();
                if (!connection.reused) {
                    throw stale;
                }
                // the endpoint closed an idle connection before it read this request: try a fresh one
            } catch (IOException e) {
                connection.close();
                throw e;
            }
        }
    }

    private static byte[] head(URI base, String path, String host, int port, boolean tls, String[] headers,
                               int length) {
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        StringBuilder head = new StringBuilder(256)
                .append("POST ").append(basePath).append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host);
        if (port != (tls ? 443 : 80)) {
            head.append(':').append(port);
        }
        head.append("\r\nContent-Length: ").append(length).append("\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        return Http1Response.ascii(head.append("\r\n").toString());
    }

    private Http1Response readHead(Http1Connection connection) throws IOException {
        InputStream in = connection.in;
        in.mark(1);
        if (in.read() < 0) {
            throw new StaleConnection();
        }
        in.reset();
        while (true) {
            String statusLine = Http1Response.line(in);
            int status = parseStatus(statusLine);
            Map<String, String> headers = new HashMap<>(16);
            String line;
            while (!(line = Http1Response.line(in)).isEmpty()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            if (status >= 100 && status < 200) {
                continue;
            }
            return new Http1Response(status, headers, connection, this, status == 204 || status == 304);
        }
    }

    private static int parseStatus(String statusLine) throws IOException {
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.x answer");
        }
        try {
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("malformed status line");
        }
    }

    private Http1Connection acquire(String pool, String host, int port, boolean tls, boolean verifyTls,
                                    int timeoutMillis) throws IOException {
        ConcurrentLinkedDeque<Http1Connection> connections = idle.get(pool);
        if (connections != null) {
            Http1Connection pooled;
            while ((pooled = connections.pollFirst()) != null) {
                idleCounts.get(pool).decrementAndGet();
                if (!pooled.socket.isClosed()) {
                    pooled.reused = true;
                    return pooled;
                }
            }
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), Math.min(timeoutMillis, 10_000));
            if (tls) {
                SSLSocket ssl = (SSLSocket) (verifyTls ? verifying : trusting).createSocket(socket, host, port, true);
                if (verifyTls) {
                    SSLParameters parameters = ssl.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(parameters);
                }
                ssl.setSoTimeout(timeoutMillis);
                ssl.startHandshake();
                socket = ssl;
            }
            return new Http1Connection(socket, pool);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    void release(Http1Connection connection) {
        AtomicInteger count = idleCounts.computeIfAbsent(connection.pool, p -> new AtomicInteger());
        if (count.incrementAndGet() > Math.max(1, maxIdlePerEndpoint)) {
            count.decrementAndGet();
            connection.close();
            return;
        }
        idle.computeIfAbsent(connection.pool, p -> new ConcurrentLinkedDeque<>()).offerFirst(connection);
    }

    @PreDestroy
    void closeAll() {
        idle.values().forEach(deque -> deque.forEach(Http1Connection::close));
        idle.clear();
    }

    /** The first read found the connection closed: the endpoint dropped it while it was idle. */
    static final class StaleConnection extends EOFException {
        StaleConnection() {
            super("pooled connection was closed by the endpoint");
        }
    }

    static boolean isTimeout(Throwable e) {
        return e instanceof SocketTimeoutException;
    }
}
