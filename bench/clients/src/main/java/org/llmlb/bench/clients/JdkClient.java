package org.llmlb.bench.clients;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * java.net.http.HttpClient, HTTP/1.1 only, with an executor of its own (a fixed pool of
 * {@code threads} daemon threads; never the common pool). The client adds one thread of its own,
 * the "SelectorManager", which does all socket I/O; response headers and body are then handed to
 * the executor: one thread hop per event. Back-pressure: Flow.Subscription.request(1) per demand.
 * The JDK client has no limit on connections per destination (its pool only caps idle connections,
 * via the JVM-wide system property jdk.httpclient.connectionPoolSize) and always sets TCP_NODELAY.
 */
final class JdkClient implements StreamingClient {
    /** How cancel() aborts: "both" (Subscription.cancel + future.cancel), "subscription", "future". */
    static final String CANCEL = System.getProperty("bench.jdk.cancel", "both");
    private final ExecutorService executor;
    private final HttpClient client;
    private final int threads;

    JdkClient(int threads) {
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "jdk-http-exec-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public String describe() {
        return "java.net.http, HTTP_1_1, own fixed executor of " + threads
                + " threads + 1 SelectorManager thread; callbacks on the executor (hop per event)";
    }

    @Override
    public Exchange post(URI uri, Map<String, String> headers, byte[] body, Listener listener) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        JdkExchange ex = new JdkExchange(listener);
        ex.future = client.sendAsync(b.build(), ex);
        ex.future.whenComplete((r, t) -> {
            if (t != null) {
                ex.failure(t);
            }
        });
        return ex;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static final class JdkExchange extends DemandSerializer
            implements HttpResponse.BodyHandler<Void>, HttpResponse.BodySubscriber<Void> {
        private final Listener listener;
        private final Terminal terminal;
        private final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
        private final CompletableFuture<Void> bodyDone = new CompletableFuture<>();
        volatile CompletableFuture<HttpResponse<Void>> future;
        private volatile Flow.Subscription subscription;
        private volatile boolean requested;
        private volatile boolean complete;
        private volatile Throwable failure;
        private volatile boolean cancelled;

        JdkExchange(Listener listener) {
            this.listener = listener;
            this.terminal = new Terminal(listener);
        }

        // BodyHandler: the head arrives
        @Override
        public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
            if (!terminal.isDone()) {
                listener.onHead(info.statusCode(), info.headers().map());
            }
            return this;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled) {
                s.cancel();
            } else {
                drain();
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            queue.addAll(items);
            requested = false;
            drain();
        }

        @Override
        public void onError(Throwable t) {
            failure(t);
        }

        @Override
        public void onComplete() {
            complete = true;
            drain();
        }

        @Override
        public CompletableFuture<Void> getBody() {
            // Completed only at the end, so the sendAsync future stays cancellable mid-body.
            return bodyDone;
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
                    if (!b.hasRemaining()) {
                        queue.poll();
                        continue;
                    }
                    if (!takeDemand()) {
                        return;
                    }
                    queue.poll();
                    listener.onData(b);
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
                    bodyDone.complete(null);
                    return;
                }
                Flow.Subscription s = subscription;
                if (s != null && !requested && hasDemand()) {
                    requested = true;
                    s.request(1);     // may call onNext right here; drain() then loops again
                }
                return;
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            terminal.silence();
            Flow.Subscription s = subscription;
            if (s != null && !CANCEL.equals("future")) {
                s.cancel();           // HTTP/1.1: the JDK closes a connection whose body is not read
            }
            CompletableFuture<HttpResponse<Void>> f = future;
            if (f != null && !CANCEL.equals("subscription")) {
                f.cancel(true);       // JDK 16+: aborts an exchange still in progress
            }
            bodyDone.cancel(false);
        }
    }
}
