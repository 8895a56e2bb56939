package org.llmlb.bench.clients;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.IOSession;
import org.apache.hc.core5.reactor.IOSessionListener;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient 5 async (HTTP/1.1 forced): IOReactor with {@code threads} I/O threads,
 * TCP_NODELAY, a pooling connection manager sized 10,000 per route. Callbacks run on the I/O
 * dispatcher thread that read the socket (no hop). Back-pressure is HC5's byte window
 * (CapacityChannel): the data HC5 has read is always handed over, so an exchange without demand
 * copies it into its own queue and the window (64 KiB) is only re-opened by the bytes the consumer
 * took;
 * with a pending demand and nothing queued the library's buffer is passed on without a copy.
 */
final class Hc5Client implements StreamingClient {
    /** HC5's per-exchange byte window (Http1Config initialWindowSize; 64 KiB, its default). */
    static final int WINDOW = 64 * 1024;

    /** IOReactor select interval (HC5 default 1000 ms). */
    static final long SELECT_INTERVAL_MS = Long.getLong("bench.hc5.selectIntervalMs", 1000);

    /**
     * Open connections by local address, so cancel() can close the one an exchange runs on
     * ("session" cancel). Future.cancel() alone does not close a connection that was reused from
     * the pool (HC5 5.6.5, measured by the cancel scenario).
     */
    private final ConcurrentHashMap<SocketAddress, IOSession> byLocal = new ConcurrentHashMap<>();
    private final IOSessionListener sessions = new IOSessionListener() {
        @Override
        public void connected(IOSession s) {
            SocketAddress a = s.getLocalAddress();
            if (a != null) {
                byLocal.put(a, s);
            }
        }

        @Override
        public void disconnected(IOSession s) {
            // careful: an exception thrown here shuts the whole I/O reactor down
            SocketAddress a = s.getLocalAddress();
            if (a != null) {
                byLocal.remove(a, s);
            }
        }

        @Override
        public void startTls(IOSession s) {
        }

        @Override
        public void inputReady(IOSession s) {
        }

        @Override
        public void outputReady(IOSession s) {
        }

        @Override
        public void timeout(IOSession s) {
        }

        @Override
        public void exception(IOSession s, Exception e) {
        }
    };

    private final CloseableHttpAsyncClient client;
    private final int threads;
    private final boolean tuned;
    private final int bufferSize;

    /**
     * @param tuned false: HC5 as it comes (32 KiB x 3 buffers per connection, cancel = Future.cancel);
     *              true: 8 KiB buffers and cancel also closes the exchange's IOSession (IMMEDIATE).
     */
    Hc5Client(int threads, boolean tuned) {
        this.threads = threads;
        this.tuned = tuned;
        this.bufferSize = tuned ? 8 * 1024 : 32 * 1024;
        AtomicInteger n = new AtomicInteger();
        PoolingAsyncClientConnectionManager cm = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(10_000)
                .setMaxConnPerRoute(10_000)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(10))
                        .setSocketTimeout(Timeout.ofSeconds(60))
                        .build())
                .build();
        HttpAsyncClientBuilder builder = HttpAsyncClients.custom();
        if (tuned) {
            builder.setIOSessionListener(sessions);
        }
        client = builder
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setIoThreadCount(threads)
                        .setTcpNoDelay(true)
                        .setSoTimeout(Timeout.ofSeconds(60))
                        .setSelectInterval(TimeValue.ofMilliseconds(SELECT_INTERVAL_MS))
                        .build())
                .setHttp1Config(Http1Config.custom().setInitialWindowSize(WINDOW).setBufferSize(bufferSize).build())
                .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                .setConnectionManager(cm)
                .setThreadFactory(r -> {
                    Thread t = new Thread(r, "hc5-io-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                })
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .disableContentCompression()
                .build();
        client.start();
    }

    @Override
    public String name() {
        return tuned ? "hc5t" : "hc5";
    }

    @Override
    public String describe() {
        return "Apache HttpClient " + "5.6 async, FORCE_HTTP_1, IOReactor ioThreadCount=" + threads
                + ", pool 10000/route, Http1Config bufferSize " + bufferSize / 1024 + " KiB, cancel = Future.cancel"
                + (tuned ? " + IOSession.close(IMMEDIATE)" : "") + "; callbacks on the I/O thread (no hop)";
    }

    @Override
    public Exchange post(URI uri, Map<String, String> headers, byte[] body, Listener listener) {
        String ct = headers.getOrDefault("Content-Type", "application/octet-stream");
        AsyncRequestBuilder rb = AsyncRequestBuilder.post(uri)
                .setEntity(AsyncEntityProducers.create(body, ContentType.parse(ct)));
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("Content-Type")) {
                rb.addHeader(k, v);
            }
        });
        Hc5Exchange ex = new Hc5Exchange(listener, tuned ? byLocal : null);
        ex.future = client.execute(rb.build(), ex, null, new FutureCallback<Void>() {
            @Override
            public void completed(Void result) {
            }

            @Override
            public void failed(Exception e) {
                ex.failure(e);
            }

            @Override
            public void cancelled() {
            }
        });
        return ex;
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }

    private static final class Hc5Exchange extends DemandSerializer implements AsyncResponseConsumer<Void> {
        private final Listener listener;
        private final Terminal terminal;
        private final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
        private final AtomicLong queuedBytes = new AtomicLong();
        volatile Future<Void> future;
        private volatile CapacityChannel channel;
        private final AtomicLong lostCredit = new AtomicLong();
        private volatile FutureCallback<Void> resultCallback;
        private volatile boolean complete;
        private volatile Throwable failure;

        private final ConcurrentHashMap<SocketAddress, IOSession> byLocal;
        private volatile SocketAddress local;

        Hc5Exchange(Listener listener, ConcurrentHashMap<SocketAddress, IOSession> byLocal) {
            this.listener = listener;
            this.byLocal = byLocal;
            this.terminal = new Terminal(listener);
        }

        @Override
        public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
                                    FutureCallback<Void> cb) {
            resultCallback = cb;
            if (byLocal != null && context instanceof HttpCoreContext hc && hc.getEndpointDetails() != null) {
                local = hc.getEndpointDetails().getLocalAddress();
            }
            if (!terminal.isDone()) {
                Map<String, List<String>> m = new LinkedHashMap<>();
                for (Header h : response.getHeaders()) {
                    m.computeIfAbsent(h.getName(), k -> new ArrayList<>(1)).add(h.getValue());
                }
                listener.onHead(response.getCode(), m);
            }
            if (entity == null) {
                complete = true;
                drain();
            }
        }

        @Override
        public void informationResponse(HttpResponse response, HttpContext context) {
        }

        @Override
        public void updateCapacity(CapacityChannel ch) throws IOException {
            channel = ch;
            int credit = (int) lostCredit.getAndSet(0);   // bytes taken before HC5 gave us the channel
            if (credit > 0) {
                ch.update(credit);
            }
        }

        @Override
        public void consume(ByteBuffer src) throws IOException {
            int n = src.remaining();
            if (n == 0) {
                return;
            }
            if (queue.isEmpty() && enterIfIdle()) {
                try {
                    if (queue.isEmpty() && !terminal.isDone() && takeDemand()) {
                        listener.onData(src);           // zero copy: HC5's buffer, valid now
                        replenish(n);
                    } else {
                        enqueueCopy(src, n);
                        drainLoop();
                    }
                } finally {
                    leave();
                }
            } else {
                enqueueCopy(src, n);
                drain();
            }
        }

        private void enqueueCopy(ByteBuffer src, int n) {
            ByteBuffer copy = ByteBuffer.allocate(n);
            copy.put(src).flip();
            queuedBytes.addAndGet(n);
            queue.add(copy);
        }

        private void replenish(int n) {
            CapacityChannel ch = channel;
            int credit = n;
            if (ch == null) {
                lostCredit.addAndGet(n);
                ch = channel;
                if (ch == null) {
                    return;
                }
                credit = (int) lostCredit.getAndSet(0);
            }
            if (credit > 0) {
                try {
                    ch.update(credit);
                } catch (IOException e) {
                    failure(e);
                }
            }
        }

        @Override
        public void streamEnd(List<? extends Header> trailers) {
            complete = true;
            drain();
        }

        @Override
        public void failed(Exception cause) {
            failure(cause);
        }

        @Override
        public void releaseResources() {
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
                queue.clear();
                return;
            }
            for (;;) {
                ByteBuffer b = queue.peek();
                if (b != null) {
                    if (!takeDemand()) {
                        return;
                    }
                    queue.poll();
                    int n = b.remaining();
                    queuedBytes.addAndGet(-n);
                    listener.onData(b);
                    replenish(n);
                    if (terminal.isDone()) {
                        queue.clear();
                        return;
                    }
                    continue;
                }
                if (failure != null) {
                    terminal.fail(failure);
                    return;
                }
                if (complete) {
                    terminal.end();
                    FutureCallback<Void> cb = resultCallback;
                    if (cb != null) {
                        cb.completed(null);
                    }
                }
                return;
            }
        }

        @Override
        public void cancel() {
            terminal.silence();
            Future<Void> f = future;
            if (f != null) {
                f.cancel(true);
            }
            SocketAddress l = local;
            if (byLocal != null && l != null) {
                IOSession s = byLocal.get(l);
                if (s != null) {
                    s.close(CloseMode.IMMEDIATE);     // RST: the upstream sees it at once
                }
            }
        }
    }
}
