package org.llmlb.client.http;

import java.nio.ByteBuffer;

/**
 * One request and its answer in flight. The owner may pause and resume reading (back-pressure:
 * while paused the connection is not read, so the upstream is held back by TCP) and cancel at
 * any time from any thread: cancelling closes the connection, which is how an upstream learns
 * that nobody wants the rest of its answer.
 */
public final class Exchange {

    final UpstreamClient client;
    final UpstreamRequest request;
    private final ResponseListener listener;
    volatile Connection connection;
    private volatile boolean cancelled;
    private volatile boolean paused;
    /** Touched on I/O threads only, one at a time. */
    private boolean finished;
    private boolean retried;

    Exchange(UpstreamClient client, UpstreamRequest request, ResponseListener listener) {
        this.client = client;
        this.request = request;
        this.listener = listener;
    }

    /** Sends the request: on a kept-alive connection at once, from the calling thread; else once connected. */
    public void start() {
        client.start(this);
    }

    /** Stops reading the answer until {@link #resume()}; what was already read may still arrive. */
    public void pause() {
        paused = true;
        Connection c = connection;
        if (c != null) {
            c.interestChanged();
        }
    }

    public void resume() {
        paused = false;
        Connection c = connection;
        if (c != null) {
            c.interestChanged();
        }
    }

    /** Gives up on the answer: the connection is closed at once and the listener hears nothing more. */
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        Connection c = connection;
        if (c != null) {
            c.closeFor(this);
        }
    }

    public boolean cancelled() {
        return cancelled;
    }

    boolean paused() {
        return paused;
    }

    void head(ResponseHead head) {
        if (!cancelled && !finished) {
            listener.head(head);
        }
    }

    void content(ByteBuffer content) {
        if (!cancelled && !finished) {
            listener.content(content);
        }
    }

    void ended() {
        if (!cancelled && !finished) {
            finished = true;
            listener.end();
        }
    }

    /**
     * The connection failed. A kept-alive connection that the upstream closed while it was idle
     * fails before any answer arrives: then the request goes again on a fresh connection, once.
     */
    void failed(Throwable error, boolean reusedAndUnanswered) {
        if (cancelled || finished) {
            return;
        }
        if (reusedAndUnanswered && !retried) {
            retried = true;
            connection = null;
            client.connectFresh(this);
            return;
        }
        finished = true;
        listener.failed(error);
    }
}
