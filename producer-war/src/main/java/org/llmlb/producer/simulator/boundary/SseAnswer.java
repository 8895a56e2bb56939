package org.llmlb.producer.simulator.boundary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;

import jakarta.json.JsonObject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.producer.simulator.control.Completion;
import org.llmlb.producer.simulator.control.Pacer;
import org.llmlb.producer.simulator.control.TokenSchedule;

/**
 * One streamed answer: each token is written and flushed by the {@link Pacer} at its due time,
 * and each write schedules the next, so the writes of one stream never overlap and no thread
 * waits between tokens.
 */
final class SseAnswer implements AsyncListener {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final Pacer pacer;
    private final long start;
    private final TokenSchedule schedule;
    private final Completion completion;
    private final Completion.TokenEvents tokens;
    private final boolean includeUsage;
    private volatile boolean over;

    SseAnswer(AsyncContext async, HttpServletResponse response, Pacer pacer, long start,
              TokenSchedule schedule, Completion completion, boolean includeUsage) {
        this.async = async;
        this.response = response;
        this.pacer = pacer;
        this.start = start;
        this.schedule = schedule;
        this.completion = completion;
        this.tokens = completion.tokenEvents();
        this.includeUsage = includeUsage;
    }

    void begin() {
        async.addListener(this);
        response.setContentType("text/event-stream; charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        try {
            // headers go out now, as a real server sends them before the model has produced anything
            response.flushBuffer();
        } catch (IOException clientGone) {
            end();
            return;
        }
        next(0);
    }

    private void next(int index) {
        try {
            pacer.at(start + schedule.offsetNanos(index), () -> send(index));
        } catch (RejectedExecutionException shuttingDown) {
            end();
        }
    }

    private void send(int index) {
        if (over) {
            return;
        }
        try {
            response.getOutputStream().write(tokens.event(index));
            response.flushBuffer();
            if (index + 1 < schedule.tokens()) {
                next(index + 1);
                return;
            }
            // without include_usage the usage rides on the finishing chunk: the simulator always reports usage
            event(completion.finish(!includeUsage));
            if (includeUsage) {
                event(completion.usageChunk());
            }
            response.getOutputStream().write(DONE);
            response.flushBuffer();
            end();
        } catch (IOException | IllegalStateException clientGone) {
            end();
        }
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

    @Override
    public void onComplete(AsyncEvent event) {
        over = true;
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        end();
    }

    @Override
    public void onError(AsyncEvent event) {
        end();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
