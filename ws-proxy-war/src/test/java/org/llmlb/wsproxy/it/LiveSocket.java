package org.llmlb.wsproxy.it;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** The UI's WebSocket channel as a test client: messages in a queue, taken with a deadline. */
final class LiveSocket implements WebSocket.Listener, AutoCloseable {

    private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    LiveSocket(URI uri) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, this).join();
    }

    void send(String json) {
        socket.sendText(json, true).join();
    }

    /** The next message of {@code type}, skipping others; fails after {@code limit}. */
    JsonObject next(String type, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            JsonObject m = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no '" + type + "' message within " + limit);
            }
            if (type.equals(m.getString("type"))) {
                return m;
            }
        }
    }

    /** Every message until the first of {@code type}, that one included. */
    java.util.List<JsonObject> until(String type, Duration limit) throws InterruptedException {
        java.util.List<JsonObject> seen = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            JsonObject m = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no '" + type + "' message within " + limit + "; saw " + seen);
            }
            seen.add(m);
            if (type.equals(m.getString("type"))) {
                return seen;
            }
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(Json.createReader(new StringReader(partial.toString())).readObject());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }
}
