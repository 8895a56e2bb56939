package org.llmlb.client.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Keeps what an exchange reported, for assertions; {@link #done} completes on end or failure. */
final class Recorder implements ResponseListener {

    final CompletableFuture<ResponseHead> head = new CompletableFuture<>();
    final CompletableFuture<Throwable> done = new CompletableFuture<>();
    final List<String> pieces = new CopyOnWriteArrayList<>();
    final List<Long> arrivals = new CopyOnWriteArrayList<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    final List<String> threads = new CopyOnWriteArrayList<>();
    volatile Runnable onContent = () -> { };

    @Override
    public void head(ResponseHead h) {
        threads.add(Thread.currentThread().getName());
        head.complete(h);
    }

    @Override
    public void content(ByteBuffer content) {
        byte[] bytes = new byte[content.remaining()];
        content.get(bytes);
        synchronized (body) {
            body.write(bytes, 0, bytes.length);
        }
        pieces.add(new String(bytes, StandardCharsets.UTF_8));
        arrivals.add(System.nanoTime());
        onContent.run();
    }

    @Override
    public void end() {
        done.complete(null);
    }

    @Override
    public void failed(Throwable error) {
        head.completeExceptionally(error);
        done.complete(error);
    }

    String body() {
        synchronized (body) {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    int bodyLength() {
        synchronized (body) {
            return body.size();
        }
    }

    Throwable awaitDone() throws Exception {
        return done.get(10, TimeUnit.SECONDS);
    }
}
