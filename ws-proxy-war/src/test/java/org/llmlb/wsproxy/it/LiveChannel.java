package org.llmlb.wsproxy.it;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

/**
 * The UI's WebSocket channel through the Jakarta WebSocket client API: what the server sends
 * queues up in arrival order, and a test takes it with a deadline, so waiting is for a message,
 * never for a fixed time.
 */
final class LiveChannel extends Endpoint implements AutoCloseable {

    private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    private Session session;

    private LiveChannel() {
    }

    static LiveChannel open(URI uri) throws Exception {
        LiveChannel channel = new LiveChannel();
        channel.session = ContainerProvider.getWebSocketContainer()
                .connectToServer(channel, ClientEndpointConfig.Builder.create().build(), uri);
        return channel;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class,
                text -> messages.add(Json.createReader(new StringReader(text)).readObject()));
    }

    void send(String text) throws IOException {
        session.getBasicRemote().sendText(text);
    }

    /** The next message of {@code type}, skipping others; fails after {@code limit}. */
    JsonObject next(String type, Duration limit) throws InterruptedException {
        List<JsonObject> seen = until(m -> type.equals(m.getString("type")), limit);
        return seen.get(seen.size() - 1);
    }

    /** Every message up to the first that matches {@code last}, that one included. */
    List<JsonObject> until(Predicate<JsonObject> last, Duration limit) throws InterruptedException {
        List<JsonObject> seen = new ArrayList<>();
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            JsonObject m = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no awaited message within " + limit + "; saw " + seen);
            }
            seen.add(m);
            if (last.test(m)) {
                return seen;
            }
        }
    }

    /** Every message up to the {@code ended} of run {@code id}, that one included. */
    List<JsonObject> untilEnded(String id, Duration limit) throws InterruptedException {
        return until(m -> "ended".equals(m.getString("type")) && id.equals(m.getString("id")), limit);
    }

    @Override
    public void close() throws IOException {
        session.close();
    }
}
