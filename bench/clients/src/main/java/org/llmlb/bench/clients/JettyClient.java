package org.llmlb.bench.clients;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12.1 HttpClient over HTTP/1.1: 1 selector, one QueuedThreadPool (fixed min = max =
 * {@code threads}, no reserved threads) shared by the selector and the client, TCP_NODELAY.
 * The body is read through {@link Content.Source} (read/demand): the natural back-pressure API.
 * The demand callback is declared NON_BLOCKING so Jetty may run it on the thread that read the
 * socket instead of dispatching it (where it does dispatch, that is a thread hop per event).
 * Jetty also starts a scheduler thread of its own for timeouts.
 */
final class JettyClient implements StreamingClient {
    /** How cancel() aborts: "abort" (Request.abort), "fail" (+ Content.Source.fail), "close" (+ close the connection). */
    static final String CANCEL = System.getProperty("bench.jetty.cancel", "abort");
    private final QueuedThreadPool pool;
    private final HttpClient client;
    private final int threads;

    JettyClient(int threads) throws Exception {
        this.threads = threads;
        pool = new QueuedThreadPool(threads, threads);
        pool.setName("jetty-client");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setExecutor(pool);
        connector.setTCPNoDelay(true);
        connector.setIdleTimeout(Duration.ofSeconds(60));
        connector.setConnectTimeout(Duration.ofSeconds(10));
        client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setExecutor(pool);
        client.setMaxConnectionsPerDestination(10_000);
        client.setMaxRequestsQueuedPerDestination(20_000);
        client.setFollowRedirects(false);
        client.setUserAgentField(null);
        client.setIdleTimeout(60_000);
        client.start();
    }

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public String describe() {
        return "Jetty 12.1 HttpClient, HTTP/1.1, 1 selector, QueuedThreadPool min=max=" + threads
                + " (selector included), maxConnectionsPerDestination 10000; demand callback NON_BLOCKING";
    }

    @Override
    public Exchange post(URI uri, Map<String, String> headers, byte[] body, Listener listener) {
        JettyExchange ex = new JettyExchange(listener);
        String contentType = headers.getOrDefault("Content-Type", "application/octet-stream");
        Request req = client.newRequest(uri)
                .method(HttpMethod.POST)
                .headers(h -> headers.forEach((k, v) -> {
                    if (!k.equalsIgnoreCase("Content-Type")) {
                        h.put(k, v);
                    }
                }))
                .body(new BytesRequestContent(contentType, body))
                .onResponseHeaders(r -> {
                    if (!ex.terminal.isDone()) {
                        Map<String, List<String>> m = new LinkedHashMap<>();
                        for (HttpField f : r.getHeaders()) {
                            m.computeIfAbsent(f.getName(), k -> new ArrayList<>(1)).add(f.getValue());
                        }
                        listener.onHead(r.getStatus(), m);
                    }
                })
                .onResponseContentSource((r, source) -> {
                    ex.source = source;
                    ex.drainFromJetty();
                });
        ex.request = req;
        req.send(result -> {
            if (result.isFailed()) {
                ex.failure(result.getFailure());
            }
        });
        return ex;
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }

    private static final class JettyExchange extends DemandSerializer {
        private final Listener listener;
        final Terminal terminal;
        volatile Request request;
        volatile Content.Source source;
        private volatile boolean jettyDemandPending;
        private volatile Throwable failure;
        private final Runnable onJettyDemand = Invocable.from(Invocable.InvocationType.NON_BLOCKING, () -> {
            jettyDemandPending = false;
            drain();
        });

        JettyExchange(Listener listener) {
            this.listener = listener;
            this.terminal = new Terminal(listener);
        }

        void drainFromJetty() {
            drain();
        }

        void failure(Throwable t) {
            if (failure == null) {
                failure = t;
            }
            drain();
        }

        @Override
        protected void drainLoop() {
            if (terminal.isDone()) {
                return;
            }
            if (failure != null) {
                terminal.fail(failure);
                return;
            }
            Content.Source s = source;
            if (s == null) {
                return;
            }
            while (hasDemand() && !jettyDemandPending) {
                Content.Chunk c = s.read();
                if (c == null) {
                    jettyDemandPending = true;
                    s.demand(onJettyDemand);   // may run onJettyDemand right here; drain() loops
                    return;
                }
                if (Content.Chunk.isFailure(c)) {
                    terminal.fail(c.getFailure());
                    return;
                }
                try {
                    if (c.hasRemaining()) {
                        takeDemand();
                        listener.onData(c.getByteBuffer());
                    }
                } finally {
                    c.release();
                }
                if (terminal.isDone()) {
                    return;
                }
                if (c.isLast()) {
                    terminal.end();
                    return;
                }
            }
        }

        @Override
        public void cancel() {
            terminal.silence();
            CancellationException cause = new CancellationException("cancelled by the consumer");
            Content.Source s = source;
            if (s != null && CANCEL.contains("fail")) {
                s.fail(cause);
            }
            Request r = request;
            if (r != null) {
                if (CANCEL.contains("close")) {
                    org.eclipse.jetty.client.Connection c = r.getConnection();
                    if (c != null) {
                        c.close();
                    }
                }
                r.abort(cause);
            }
        }
    }
}
