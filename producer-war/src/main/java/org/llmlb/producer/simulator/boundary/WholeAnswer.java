package org.llmlb.producer.simulator.boundary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.producer.simulator.control.Completion;
import org.llmlb.producer.simulator.control.Sequence;

/** A non-streaming answer, sent whole when its last token is due, as a stream would end. */
final class WholeAnswer implements Sequence.Output, AsyncListener {

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final Completion completion;
    private volatile Sequence sequence;

    WholeAnswer(AsyncContext async, HttpServletResponse response, Completion completion) {
        this.async = async;
        this.response = response;
        this.completion = completion;
        async.addListener(this);
    }

    void attach(Sequence sequence) {
        this.sequence = sequence;
    }

    @Override
    public boolean token(int index) {
        return true;
    }

    @Override
    public void complete() {
        write(false);
    }

    @Override
    public void drop() {
        write(true);
    }

    /** A dropped answer announces its whole length and sends half of it, so the client reads a truncated body. */
    private void write(boolean half) {
        try {
            byte[] body = completion.whole().toString().getBytes(StandardCharsets.UTF_8);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            if (half) {
                // else the container keeps the connection for the missing bytes and the client waits for its idle timeout
                response.setHeader("Connection", "close");
            }
            response.getOutputStream().write(body, 0, half ? body.length / 2 : body.length);
            response.flushBuffer();
        } catch (IOException | IllegalStateException clientGone) {
            // nobody left to answer
        } finally {
            try {
                async.complete();
            } catch (IllegalStateException alreadyCompleted) {
                // the container ended the request first
            }
        }
    }

    private void gone() {
        Sequence current = sequence;
        if (current != null) {
            current.abort();
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        // the answer went out, or the client left
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        gone();
    }

    @Override
    public void onError(AsyncEvent event) {
        gone();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
