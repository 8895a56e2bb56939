package org.llmlb.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted HTTP/1.1 server on loopback for tests of what crosses the wire: one thread per
 * connection, each request handed to {@code script} with the raw streams, so a test can answer
 * slowly, stop half-way, or notice the exact moment the client closed the connection.
 */
public final class ScriptedUpstream implements AutoCloseable {

    public interface Script {
        /** Answers one request; return false to close the connection afterwards. */
        boolean answer(String requestHead, byte[] body, InputStream in, OutputStream out) throws Exception;
    }

    private final ServerSocket server;
    private final Script script;
    public final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong lastClosed = new java.util.concurrent.atomic.AtomicLong();
    public final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public ScriptedUpstream(Script script) throws IOException {
        this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        this.script = script;
        Thread acceptor = new Thread(this::accept, "fake-upstream-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1");
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                sockets.add(socket);
                Thread t = new Thread(() -> serve(socket), "fake-upstream-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Connections whose serving thread has not ended: the client has not closed them, nor a write failed. */
    public int openConnections() {
        return open.get();
    }

    /** {@link System#nanoTime()} when the last connection ended (the client closed it, or writing to it failed). */
    public long lastClosedNanos() {
        return lastClosed.get();
    }

    private void serve(Socket socket) {
        open.incrementAndGet();
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                requests.add(head);
                byte[] body = in.readNBytes(contentLength(head));
                if (!script.answer(head, body, in, out)) {
                    return;
                }
            }
        } catch (Exception gone) {
            // the client went away
        } finally {
            lastClosed.set(System.nanoTime());
            open.decrementAndGet();
        }
    }

    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    public static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public static String chunk(String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        return Integer.toHexString(bytes.length) + "\r\n" + data + "\r\n";
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : new ArrayList<>(sockets)) {
            s.close();
        }
    }
}
