package org.llmlb.balancer.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OpenAI-compatible upstream that streams chat chunks with real gaps between them, can die
 * mid-stream, and notices when the balancer hangs up on it. WireMock cannot do the last two.
 */
public final class StreamingUpstream implements AutoCloseable {

    public static final String MODEL = "stream-model";

    private final HttpServer server;
    private final int chunks;
    private final long gapMillis;
    private final int dieAfter;
    public final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    public final CountDownLatch abandoned = new CountDownLatch(1);

    /** @param dieAfter close the connection without finishing after this many chunks; -1 = never */
    public StreamingUpstream(int chunks, long gapMillis, int dieAfter) throws IOException {
        this.chunks = chunks;
        this.gapMillis = gapMillis;
        this.dieAfter = dieAfter;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/models", this::models);
        server.createContext("/v1/chat/completions", this::chat);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    private void models(HttpExchange exchange) throws IOException {
        byte[] body = ("{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL + "\",\"object\":\"model\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private void chat(HttpExchange exchange) throws IOException {
        JsonNode request = Admin.JSON.readTree(exchange.getRequestBody());
        requests.add(request);
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        boolean graceful = true;
        try {
            for (int i = 0; i < chunks; i++) {
                if (i == dieAfter) {
                    graceful = false;
                    // an uncaught exception makes the JDK server drop the socket without the last chunk
                    throw new IllegalStateException("upstream died mid-stream");
                }
                event(out, "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"" + MODEL
                        + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t" + i + " \"},\"finish_reason\":null}]}");
                Thread.sleep(gapMillis);
            }
            if (request.path("stream_options").path("include_usage").asBoolean(false)) {
                event(out, "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"" + MODEL
                        + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":" + chunks
                        + ",\"total_tokens\":" + (11 + chunks) + "}}");
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException hungUp) {
            abandoned.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (graceful) {
                exchange.close();
            }
        }
    }

    private static void event(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
