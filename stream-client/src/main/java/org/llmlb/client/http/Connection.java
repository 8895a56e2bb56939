package org.llmlb.client.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One kept-alive HTTP/1.1 connection to an upstream, carrying one exchange at a time. Its I/O
 * happens on its loop's thread, with one exception that saves a thread hand-over per request:
 * the thread that takes an idle plain-text connection from the pool writes the request itself
 * (a socket channel allows one reader and one writer at once).
 */
final class Connection implements ResponseParser.Handler {

    /** Connect timed out; also what a handshake that takes too long gives. */
    static final class ConnectTimeout extends SocketTimeoutException {
        ConnectTimeout(String message) {
            super(message);
        }
    }

    private static final int OPENING = 0;
    private static final int IDLE = 1;
    private static final int ACTIVE = 2;
    private static final int CLOSED = 3;

    final IoLoop loop;
    final String destination;
    private final UpstreamClient client;
    private final SocketChannel channel;
    private final TlsSession tls;
    private final AtomicInteger state = new AtomicInteger(OPENING);
    private final ResponseParser parser;
    volatile Exchange exchange;
    /** Loop thread only from here on. */
    private SelectionKey key;
    private ByteBuffer[] outgoing;
    private boolean connecting;
    private boolean reused;
    private boolean answerDone;
    private long deadline;

    private Connection(UpstreamClient client, IoLoop loop, String destination, SocketChannel channel, TlsSession tls) {
        this.client = client;
        this.loop = loop;
        this.destination = destination;
        this.channel = channel;
        this.tls = tls;
        this.parser = new ResponseParser(client.maxHeadBytes);
    }

    /** Opens a connection for {@code exchange}; the rest happens on {@code loop}. Caller's thread. */
    static void open(UpstreamClient client, IoLoop loop, Exchange exchange, InetSocketAddress address,
                     TlsSession tls) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            boolean connected = channel.connect(address);
            Connection c = new Connection(client, loop, exchange.request.destination, channel, tls);
            c.exchange = exchange;
            exchange.connection = c;
            c.parser.reset(c, exchange.request.head);
            c.outgoing = exchange.request.wire();
            c.connecting = !connected;
            loop.execute(c::register);
        } catch (IOException e) {
            closeQuietly(channel);
            loop.execute(() -> exchange.failed(e, false));
        }
    }

    private void register() {
        Exchange ex = exchange;
        if (state.get() == CLOSED || ex == null || ex.cancelled()) {
            close();
            return;
        }
        try {
            key = channel.register(loop.selector, 0, this);
            deadline = System.nanoTime() + client.connectTimeoutNanos;
            loop.opening(this);
            if (!connecting) {
                connected();
            }
            updateInterest();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void connected() throws IOException {
        connecting = false;
        if (tls != null) {
            tls.begin();
            if (!tls.handshake(channel, plainBuffer())) {
                return;
            }
        }
        opened();
    }

    private void opened() throws IOException {
        loop.opened(this);
        if (!state.compareAndSet(OPENING, ACTIVE)) {
            return;
        }
        flush();
    }

    /** Takes this idle connection for {@code ex}; false when it was closed meanwhile. Caller's thread. */
    boolean take() {
        return state.compareAndSet(IDLE, ACTIVE);
    }

    /** Sends {@code ex}'s request on this connection, just taken from the pool. Caller's thread. */
    void send(Exchange ex) {
        reused = true;
        answerDone = false;
        parser.reset(this, ex.request.head);
        exchange = ex;
        ex.connection = this;
        if (ex.cancelled()) {
            close();
            return;
        }
        ByteBuffer[] wire = ex.request.wire();
        if (tls != null) {
            loop.execute(() -> {
                outgoing = wire;
                flushOrFail();
            });
            return;
        }
        try {
            while (TlsSession.hasRemaining(wire) && channel.write(wire) > 0) {
                // the socket takes a small request at once
            }
        } catch (IOException e) {
            loop.execute(() -> fail(e));
            return;
        }
        if (TlsSession.hasRemaining(wire)) {
            loop.execute(() -> {
                outgoing = wire;
                updateInterest();
            });
        }
    }

    void ready(SelectionKey selected) {
        try {
            int ops = selected.readyOps();
            if ((ops & SelectionKey.OP_CONNECT) != 0) {
                if (!channel.finishConnect()) {
                    return;
                }
                connected();
                updateInterest();
            }
            if (selected.isValid() && (ops & SelectionKey.OP_WRITE) != 0) {
                if (tls != null && !tls.handshaken()) {
                    if (tls.handshake(channel, plainBuffer())) {
                        opened();
                    }
                } else {
                    flush();
                }
                updateInterest();
            }
            if (selected.isValid() && (ops & SelectionKey.OP_READ) != 0) {
                readable();
            }
        } catch (CancelledKeyException closed) {
            // closed by a cancel on another thread
        } catch (IOException e) {
            fail(e);
        } catch (RuntimeException listenerFailed) {
            fail(new IOException("response handling failed", listenerFailed));
        }
    }

    private void readable() throws IOException {
        ByteBuffer buffer = loop.readBuffer;
        buffer.clear();
        int n = channel.read(buffer);
        if (n < 0) {
            endOfInput();
            return;
        }
        if (n == 0) {
            return;
        }
        buffer.flip();
        if (tls == null) {
            plain(buffer);
            return;
        }
        tls.received(buffer);
        if (!tls.handshaken()) {
            if (tls.handshake(channel, plainBuffer())) {
                opened();
            }
            updateInterest();
            return;
        }
        ByteBuffer plain = plainBuffer();
        while (state.get() != CLOSED && tls.read(plain, channel)) {
            if (plain.hasRemaining()) {
                plain(plain);
            }
        }
    }

    private void plain(ByteBuffer data) throws IOException {
        if (state.get() != ACTIVE) {
            // an idle connection the endpoint writes to or closes is of no further use
            close();
            return;
        }
        Exchange ex = exchange;
        if (ex == null) {
            close();
            return;
        }
        parser.feed(data);
        if (answerDone) {
            answerDone = false;
            finishAnswer(ex, data.hasRemaining());
        }
    }

    private void endOfInput() throws IOException {
        if (state.get() == IDLE) {
            close();
            return;
        }
        Exchange ex = exchange;
        if (ex == null) {
            close();
            return;
        }
        parser.endOfInput();
        if (answerDone) {
            answerDone = false;
            exchange = null;
            ex.connection = null;
            close();
            ex.ended();
        }
    }

    private void finishAnswer(Exchange ex, boolean leftover) {
        exchange = null;
        ex.connection = null;
        boolean reusable = parser.keepAlive() && !leftover && outgoing == null && !ex.cancelled();
        if (reusable && state.compareAndSet(ACTIVE, IDLE)) {
            updateInterest();
            client.release(this);
        } else {
            close();
        }
        ex.ended();
    }

    @Override
    public void head(ResponseHead head) {
        Exchange ex = exchange;
        if (ex != null) {
            ex.head(head);
        }
        if (state.get() == CLOSED) {
            parser.abandon();
        }
    }

    @Override
    public void content(ByteBuffer slice) {
        Exchange ex = exchange;
        if (ex != null) {
            ex.content(slice);
            if (ex.paused()) {
                updateInterest();
            }
        }
        if (state.get() == CLOSED) {
            parser.abandon();
        }
    }

    @Override
    public void end() {
        answerDone = true;
    }

    private void flushOrFail() {
        try {
            flush();
            updateInterest();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void flush() throws IOException {
        if (outgoing == null) {
            return;
        }
        boolean done;
        if (tls != null) {
            done = tls.write(channel, outgoing);
        } else {
            while (TlsSession.hasRemaining(outgoing) && channel.write(outgoing) > 0) {
                // write while the socket takes it
            }
            done = !TlsSession.hasRemaining(outgoing);
        }
        if (done) {
            outgoing = null;
        }
    }

    /** Re-reads what the connection waits for. Any thread: off the loop it is handed to the loop. */
    void interestChanged() {
        if (loop.inLoop()) {
            updateInterest();
        } else {
            loop.execute(this::updateInterest);
        }
    }

    private void updateInterest() {
        SelectionKey k = key;
        if (k == null || !k.isValid()) {
            return;
        }
        int ops;
        if (connecting) {
            ops = SelectionKey.OP_CONNECT;
        } else if (tls != null && !tls.handshaken()) {
            ops = SelectionKey.OP_READ | (tls.wantsWrite() ? SelectionKey.OP_WRITE : 0);
        } else {
            ops = 0;
            if (outgoing != null || (tls != null && tls.wantsWrite())) {
                ops |= SelectionKey.OP_WRITE;
            }
            Exchange ex = exchange;
            int s = state.get();
            if (s == IDLE || s == OPENING || ex == null || !ex.paused()) {
                ops |= SelectionKey.OP_READ;
            }
        }
        try {
            if (k.interestOps() != ops) {
                k.interestOps(ops);
            }
        } catch (CancelledKeyException closed) {
            // closed meanwhile
        }
    }

    void checkDeadline(long now) {
        if (state.get() != OPENING) {
            loop.opened(this);
            return;
        }
        if (now - deadline > 0) {
            fail(new ConnectTimeout("connect to the endpoint timed out"));
        }
    }

    private void fail(IOException error) {
        Exchange ex = exchange;
        exchange = null;
        boolean retry = reused && !parser.started();
        close();
        loop.opened(this);
        if (ex != null) {
            ex.connection = null;
            ex.failed(error, retry);
        }
    }

    /** Closes the connection if it still carries {@code ex}: a late cancel must not close the next request's. */
    void closeFor(Exchange ex) {
        if (exchange == ex) {
            close();
        }
    }

    /** Any thread. The upstream sees the connection end at once. */
    void close() {
        int previous = state.getAndSet(CLOSED);
        if (previous != CLOSED) {
            closeQuietly(channel);
            loop.wakeup();
            if (previous == IDLE) {
                client.evicted(this);
            }
        }
    }

    boolean closed() {
        return state.get() == CLOSED;
    }

    private ByteBuffer plainBuffer() {
        if (loop.tlsPlain == null || loop.tlsPlain.capacity() < tls.plainBufferSize()) {
            loop.tlsPlain = ByteBuffer.allocate(tls.plainBufferSize());
        }
        return loop.tlsPlain;
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing is all that was wanted
            }
        }
    }
}
