package org.llmlb.client.http;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * TLS of one upstream connection over a non-blocking channel, driven by the connection's I/O
 * loop only. Encrypted bytes wait in {@code netIn} until a whole record is there and in
 * {@code netOut} until the socket takes them.
 */
final class TlsSession {

    private static final ByteBuffer[] EMPTY = {ByteBuffer.allocate(0)};

    private final SSLEngine engine;
    /** Received, not yet decrypted; in write mode. */
    private ByteBuffer netIn;
    /** Encrypted, not yet written; in read mode. */
    private final ByteBuffer netOut;
    private boolean handshaken;

    TlsSession(SSLContext context, String host, int port, boolean verify) {
        engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        if (verify) {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        int packet = engine.getSession().getPacketBufferSize();
        netIn = ByteBuffer.allocate(packet);
        netOut = ByteBuffer.allocate(packet);
        netOut.flip();
    }

    int plainBufferSize() {
        return engine.getSession().getApplicationBufferSize();
    }

    boolean handshaken() {
        return handshaken;
    }

    boolean wantsWrite() {
        return netOut.hasRemaining();
    }

    void begin() throws SSLException {
        engine.beginHandshake();
    }

    /** Takes what the socket delivered. */
    void received(ByteBuffer encrypted) {
        if (netIn.remaining() < encrypted.remaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(netIn.position() + encrypted.remaining() + 1024);
            netIn.flip();
            bigger.put(netIn);
            netIn = bigger;
        }
        netIn.put(encrypted);
    }

    /**
     * Moves the handshake on as far as the bytes at hand allow.
     *
     * @return true when the handshake is complete
     */
    boolean handshake(SocketChannel channel, ByteBuffer scratch) throws IOException {
        while (true) {
            if (!flush(channel)) {
                return false;
            }
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> wrap(EMPTY);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    scratch.clear();
                    if (!unwrap(scratch)) {
                        return false;
                    }
                }
                case NEED_TASK -> runTasks();
                default -> {
                    handshaken = true;
                    return true;
                }
            }
        }
    }

    /**
     * Encrypts and writes as much of {@code plain} as the socket takes.
     *
     * @return whether everything, plain and encrypted, is written
     */
    boolean write(SocketChannel channel, ByteBuffer[] plain) throws IOException {
        while (true) {
            if (!flush(channel)) {
                return false;
            }
            if (!hasRemaining(plain)) {
                return true;
            }
            wrap(plain);
        }
    }

    /**
     * Decrypts what has arrived into {@code plain} (cleared first, flipped for reading after).
     *
     * @return false when no whole record is there yet
     */
    boolean read(ByteBuffer plain, SocketChannel channel) throws IOException {
        plain.clear();
        boolean progressed = unwrap(plain);
        plain.flip();
        SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
        if (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
            runTasks();
        }
        if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            // a post-handshake message (key update) wants an answer
            wrap(EMPTY);
            flush(channel);
        }
        return progressed;
    }

    private boolean unwrap(ByteBuffer plain) throws IOException {
        netIn.flip();
        SSLEngineResult result;
        try {
            result = engine.unwrap(netIn, plain);
        } finally {
            netIn.compact();
        }
        return switch (result.getStatus()) {
            case OK -> result.bytesConsumed() > 0 || result.bytesProduced() > 0;
            case BUFFER_UNDERFLOW -> false;
            case BUFFER_OVERFLOW -> throw new SSLException("TLS record larger than the plain buffer");
            case CLOSED -> throw new EOFException("endpoint closed the TLS session");
        };
    }

    private void wrap(ByteBuffer[] plain) throws IOException {
        netOut.compact();
        SSLEngineResult result;
        try {
            result = engine.wrap(plain, netOut);
        } finally {
            netOut.flip();
        }
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new EOFException("TLS session closed");
        }
    }

    private boolean flush(SocketChannel channel) throws IOException {
        while (netOut.hasRemaining()) {
            if (channel.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
