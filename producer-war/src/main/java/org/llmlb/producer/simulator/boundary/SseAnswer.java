package org.llmlb.producer.simulator.boundary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.json.JsonObject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.producer.simulator.control.Completion;
import org.llmlb.producer.simulator.control.Sequence;

/**
 * One streamed answer: its {@link Sequence} calls {@link #token} at each token's due time on the
 * scheduler's thread, and each token schedules the next, so the writes of one stream never
 * overlap and no thread waits between tokens, nor while the request waits for a slot.
 */
final class SseAnswer implements Sequence.Output, AsyncListener {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final Completion completion;
    private final Completion.TokenEvents tokens;
    private final boolean includeUsage;
    private volatile Sequence sequence;
    private volatile boolean over;

    SseAnswer(AsyncContext async, HttpServletResponse response, Completion completion, boolean includeUsage) {
        this.async = async;
        this.response = response;
        this.completion = completion;
        this.tokens = completion.tokenEvents();
        this.includeUsage = includeUsage;
    }

    /** Sends the headers now, as a real server does before the model has produced anything; false when the client is gone. */
    boolean open() {
        async.addListener(this);
        response.setContentType("text/event-stream; charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        try {
            response.flushBuffer();
            return true;
        } catch (IOException clientGone) {
            end();
            return false;
        }
    }

    void attach(Sequence sequence) {
        this.sequence = sequence;
        if (over) {
            sequence.abort();
        }
    }

    @Override
    public boolean token(int index) {
        if (over) {
            return false;
        }
        try {
            response.getOutputStream().write(tokens.event(index));
            response.flushBuffer();
            return true;
        } catch (IOException | IllegalStateException clientGone) {
            end();
            return false;
        }
    }

    @Override
    public void complete() {
        try {
            // without include_usage the usage rides on the finishing chunk: the simulator always reports usage
            event(completion.finish(!includeUsage));
            if (includeUsage) {
                event(completion.usageChunk());
            }
            response.getOutputStream().write(DONE);
            response.flushBuffer();
        } catch (IOException | IllegalStateException clientGone) {
            // nobody left to tell
        }
        end();
    }

    @Override
    public void drop() {
        end();
    }

    private void event(JsonObject chunk) throws IOException {
        response.getOutputStream().write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
        response.flushBuffer();
    }

    private void end() {
        if (!over) {
            over = true;
            try {
                async.complete();
            } catch (IllegalStateException alreadyCompleted) {
                // the container ended the request first (client gone)
            }
        }
    }

    private void gone() {
        end();
        Sequence current = sequence;
        if (current != null) {
            current.abort();
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        over = true;
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
