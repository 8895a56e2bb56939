package org.llmlb.bench.clients;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

import org.llmlb.client.http.ResponseHead;
import org.llmlb.client.http.ResponseListener;
import org.llmlb.client.http.UpstreamClient;
import org.llmlb.client.http.UpstreamRequest;

/**
 * The balancer's own client (module {@code stream-client}): {@code threads} selector threads, no
 * other threads; callbacks run on the selector thread that read the socket; a request on a pooled
 * plain-text connection is written by the calling thread. Its back-pressure is pause/resume with
 * at most one read (16 KiB) delivered after a pause, so {@code demand()} here queues what comes
 * without demand and pauses the connection until demand returns.
 */
final class OursClient implements StreamingClient {

    private final UpstreamClient client;
    private final int threads;

    OursClient(int threads) {
        this.threads = threads;
        this.client = new UpstreamClient(Executors.defaultThreadFactory(), threads, 10_000, Duration.ofSeconds(10));
    }

    @Override
    public String name() {
        return "ours";
    }

    @Override
    public String describe() {
        return "stream-client UpstreamClient, HTTP/1.1, " + threads
                + " selector thread(s), callbacks on the selector thread, caller-thread writes on pooled connections";
    }

    @Override
    public Exchange post(URI uri, Map<String, String> headers, byte[] body, Listener listener) {
        String[] pairs = new String[headers.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            pairs[i++] = h.getKey();
            pairs[i++] = h.getValue();
        }
        URI base = URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
        OursExchange ex = new OursExchange(listener);
        ex.exchange = client.exchange(UpstreamRequest.post(base, uri.getRawPath(), pairs, body, true), ex);
        ex.exchange.start();
        return ex;
    }

    @Override
    public void close() {
        client.close();
    }

    private static final class OursExchange extends DemandSerializer implements ResponseListener {
        private final Listener listener;
        private final Terminal terminal;
        private final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
        volatile org.llmlb.client.http.Exchange exchange;
        private volatile boolean paused;
        private volatile boolean complete;
        private volatile Throwable failure;

        OursExchange(Listener listener) {
            this.listener = listener;
            this.terminal = new Terminal(listener);
        }

        @Override
        public void head(ResponseHead head) {
            if (!terminal.isDone()) {
                Map<String, List<String>> m = new LinkedHashMap<>();
                head.headers().forEach((k, v) -> m.computeIfAbsent(k, x -> new ArrayList<>(1)).add(v));
                listener.onHead(head.status(), m);
            }
        }

        @Override
        public void content(ByteBuffer content) {
            if (queue.isEmpty() && enterIfIdle()) {
                try {
                    if (queue.isEmpty() && !terminal.isDone() && takeDemand()) {
                        listener.onData(content);
                    } else {
                        enqueue(content);
                        drainLoop();
                    }
                } finally {
                    leave();
                }
            } else {
                enqueue(content);
                drain();
            }
        }

        private void enqueue(ByteBuffer content) {
            ByteBuffer copy = ByteBuffer.allocate(content.remaining());
            copy.put(content).flip();
            queue.add(copy);
            if (!paused) {
                paused = true;
                exchange.pause();
            }
        }

        @Override
        public void end() {
            complete = true;
            drain();
        }

        @Override
        public void failed(Throwable error) {
            failure = error;
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
                    listener.onData(b);
                    if (terminal.isDone()) {
                        queue.clear();
                        return;
                    }
                    continue;
                }
                if (paused && hasDemand()) {
                    paused = false;
                    exchange.resume();
                }
                if (failure != null) {
                    terminal.fail(failure);
                    return;
                }
                if (complete) {
                    terminal.end();
                }
                return;
            }
        }

        @Override
        public void cancel() {
            terminal.silence();
            exchange.cancel();
        }
    }
}
