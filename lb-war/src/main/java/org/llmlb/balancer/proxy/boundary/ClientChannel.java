package org.llmlb.balancer.proxy.boundary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.balancer.Balancer;
import org.llmlb.balancer.problems.control.ErrorBody;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;
import org.llmlb.balancer.proxy.control.Downstream;
import org.llmlb.balancer.proxy.control.Mailbox;
import org.llmlb.balancer.proxy.control.Proxy;
import org.llmlb.balancer.proxy.control.ResponseCache;

/**
 * The one place that writes a proxied request's response: the headers the balancer adds, the
 * relayed answer, errors. Async servlet I/O throughout: writes never block, the container says
 * when more may be written ({@link WriteListener}) and when the client is gone. Everything runs
 * in the request's {@link Mailbox}, whichever thread the container calls back on.
 */
final class ClientChannel implements Downstream, WriteListener, AsyncListener {

    /** The smallest response buffer Grizzly takes. */
    private static final int MIN_BUFFER_BYTES = 512;
    private static final int MAX_UPGRADE_BUFFER_BYTES = 16 * 1024 * 1024;

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final ServletOutputStream out;
    private final Mailbox mailbox = new Mailbox();
    private final long connectionKey;
    private final Runnable finished;
    private final AtomicBoolean over = new AtomicBoolean();
    private String cacheHeader;
    private Events events;
    private boolean committed;
    private boolean completing;
    /** The request asked for an h2c upgrade (the JDK's HTTP client does by default). */
    private boolean upgradeAsked;

    private ClientChannel(AsyncContext async, HttpServletResponse response, long connectionKey, Runnable finished)
            throws IOException {
        this.async = async;
        this.response = response;
        this.out = response.getOutputStream();
        this.connectionKey = connectionKey;
        this.finished = finished;
    }

    /** Puts the request in async mode; {@code finished} runs once when the response is over, however it ends. */
    static ClientChannel start(HttpServletRequest request, HttpServletResponse response, long connectionKey,
                               Runnable finished) throws IOException {
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        ClientChannel channel = new ClientChannel(async, response, connectionKey, finished);
        channel.upgradeAsked = request.getHeader("Upgrade") != null;
        async.addListener(channel);
        channel.out.setWriteListener(channel);
        return channel;
    }

    void cacheMiss() {
        cacheHeader = "MISS";
    }

    @Override
    public Mailbox mailbox() {
        return mailbox;
    }

    @Override
    public void listen(Events listener) {
        this.events = listener;
    }

    @Override
    public void commit(int status, String contentType, String endpoint, long overheadNanos, long contentLength) {
        committed = true;
        // Grizzly copies a write smaller than the buffer into a fresh buffer of that size (per flush,
        // on a thread that is not its own: new garbage each time), and sends a larger one as it is:
        // the smallest buffer keeps a stream event's copy small and a whole answer uncopied
        response.setBufferSize(upgradeAsked && contentLength > MIN_BUFFER_BYTES && contentLength <= MAX_UPGRADE_BUFFER_BYTES
                // Grizzly leaves Content-Type out of an answer to an upgrade request that it sends
                // before the servlet is done (eclipse-ee4j/glassfish-grizzly#2192, fixed for the end
                // only): a whole answer then goes out at the end, from one buffer
                ? (int) contentLength + 1 : MIN_BUFFER_BYTES);
        response.setStatus(status);
        response.setHeader("X-LB-Endpoint", endpoint);
        response.setHeader("X-LB-Version", Balancer.VERSION);
        response.setHeader("X-LB-Overhead-Ms", millis(overheadNanos));
        if (cacheHeader != null) {
            response.setHeader("X-LB-Cache", cacheHeader);
        }
        response.setContentType(contentType != null ? contentType : "application/json");
        if (contentLength >= 0) {
            response.setContentLengthLong(contentLength);
        } else {
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Accel-Buffering", "no");
        }
    }

    /** Milliseconds with three decimals, e.g. {@code 0.215}; cheaper than a format string on every answer. */
    static String millis(long nanos) {
        long micros = Math.max(0, nanos) / 1000;
        long fraction = micros % 1000;
        return (micros / 1000) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }

    @Override
    public boolean committed() {
        return committed;
    }

    @Override
    public boolean ready() {
        return !over.get() && out.isReady();
    }

    @Override
    public boolean write(byte[] bytes) {
        try {
            out.write(bytes);
            return out.isReady();
        } catch (IOException | IllegalStateException broken) {
            brokenConnection();
            return false;
        }
    }

    @Override
    public boolean flush() {
        try {
            out.flush();
            return out.isReady();
        } catch (IOException | IllegalStateException broken) {
            brokenConnection();
            return false;
        }
    }

    /** A write failed: the client is gone; the request hears of it after what it is doing now. */
    private void brokenConnection() {
        mailbox.execute(this::gone);
    }

    @Override
    public void fail(ProblemException problem) {
        if (committed) {
            complete();
            return;
        }
        committed = true;
        byte[] json = ErrorBody.of(problem).toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(problem.problem.status);
        if (problem.problem == Problem.REQUEST_TIMEOUT || problem.problem == Problem.PAYLOAD_TOO_LARGE) {
            // refused before its body was all read: the rest may still come, so no next request here
            response.setHeader("Connection", "close");
        }
        response.setHeader("X-LB-Version", Balancer.VERSION);
        if (problem.retryAfterSeconds > 0) {
            response.setHeader("Retry-After", Long.toString(problem.retryAfterSeconds));
        }
        answer("application/json", json);
    }

    /** A whole answer at once (an error, a cached answer): headers already set, then the body. */
    void answer(String contentType, byte[] body) {
        committed = true;
        response.setContentType(contentType);
        response.setContentLength(body.length);
        if (out.isReady()) {
            write(body);
        }
        complete();
    }

    void cached(ResponseCache.Answer hit) {
        committed = true;
        response.setHeader("X-LB-Cache", "HIT");
        response.setHeader("X-LB-Endpoint", hit.endpoint());
        response.setHeader("X-LB-Version", Balancer.VERSION);
        answer(hit.contentType() != null ? hit.contentType() : "application/json", hit.body());
    }

    @Override
    public void complete() {
        completing = true;
        if (out.isReady()) {
            end();
        }
    }

    @Override
    public void abandon() {
        end();
    }

    private void end() {
        if (over.compareAndSet(false, true)) {
            try {
                async.complete();
            } catch (IllegalStateException alreadyOver) {
                // the container ended it first
            }
            finished.run();
        }
    }

    @Override
    public long connectionKey() {
        return connectionKey;
    }

    @Override
    public void onWritePossible() {
        mailbox.execute(() -> {
            if (over.get()) {
                return;
            }
            if (events != null) {
                events.writable();
            }
            if (completing && out.isReady()) {
                end();
            }
        });
    }

    @Override
    public void onError(Throwable error) {
        mailbox.execute(this::gone);
    }

    private void gone() {
        if (over.get()) {
            return;
        }
        if (events != null) {
            events.gone();
        }
        end();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        if (over.compareAndSet(false, true)) {
            finished.run();
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        mailbox.execute(this::gone);
    }

    @Override
    public void onError(AsyncEvent event) {
        mailbox.execute(this::gone);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // one async cycle per request
    }
}
