package org.llmlb.client.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One selector thread that does the I/O of many upstream connections. Reads of all its
 * connections share one buffer, because each read is handed on and done with before the next
 * one: an open stream costs no buffer of its own while it waits. Other threads give it work
 * through {@link #execute(Runnable)}.
 */
final class IoLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(IoLoop.class.getName());
    static final int READ_BUFFER_BYTES = 16 * 1024;
    /** How often connect deadlines are looked at; also the longest a select blocks. */
    private static final long TICK_MILLIS = 100;

    final Selector selector;
    final Thread thread;
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    /** Where TLS records are decrypted to; sized by the first TLS session. */
    ByteBuffer tlsPlain;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** Connections still connecting or shaking hands, for their deadlines; loop thread only. */
    private final Set<Connection> opening = new HashSet<>();
    private volatile boolean running = true;

    IoLoop(ThreadFactory threads, String name) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = threads.newThread(this);
        this.thread.setName(name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread: soon, and after what the loop is doing now. */
    void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /**
     * Lets the selector run now. A channel closed on another thread keeps its socket open until the
     * selector next deregisters it: without this the upstream would see a cancel up to a tick late.
     */
    void wakeup() {
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    void opening(Connection connection) {
        opening.add(connection);
    }

    void opened(Connection connection) {
        opening.remove(connection);
    }

    @Override
    public void run() {
        long nextTick = System.nanoTime();
        while (running) {
            try {
                selector.select(TICK_MILLIS);
                wakeupPending.set(false);
                runTasks();
                Set<SelectionKey> ready = selector.selectedKeys();
                for (Iterator<SelectionKey> it = ready.iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    ((Connection) key.attachment()).ready(key);
                }
                runTasks();
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    nextTick = now + TICK_MILLIS * 1_000_000;
                    expire(now);
                }
            } catch (RuntimeException | Error unexpected) {
                LOG.log(Level.SEVERE, "upstream I/O loop: unexpected failure, going on", unexpected);
            } catch (IOException selectFailed) {
                LOG.log(Level.SEVERE, "upstream I/O loop: select failed", selectFailed);
            }
        }
        for (SelectionKey key : selector.keys()) {
            ((Connection) key.attachment()).close();
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // shutting down anyway
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException unexpected) {
                LOG.log(Level.SEVERE, "upstream I/O loop: task failed", unexpected);
            }
        }
    }

    private void expire(long now) {
        if (opening.isEmpty()) {
            return;
        }
        for (Connection c : opening.toArray(new Connection[0])) {
            c.checkDeadline(now);
        }
    }

    void stop() {
        running = false;
        selector.wakeup();
    }
}
