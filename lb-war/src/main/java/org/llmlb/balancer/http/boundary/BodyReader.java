package org.llmlb.balancer.http.boundary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;

/**
 * Reads a request body without blocking: the container calls back as bytes arrive, so a client
 * that sends its body slowly holds no thread. Stops at {@code maxBytes} with a 413, and at the
 * body deadline ({@code LB_CLIENT_BODY_TIMEOUT_SECONDS}, counted from the start of the read, not
 * between bytes, so one byte a second cannot hold it open) with a 408. Exactly one of the three
 * ends is reported, whichever thread gets there first.
 */
public final class BodyReader implements ReadListener {

    /** One timer for every body still on its way; most bodies come with their head and never use it. */
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

    private final ServletInputStream in;
    private final long maxBytes;
    private final long declared;
    private final ByteArrayOutputStream body;
    private final Consumer<byte[]> complete;
    private final Consumer<ProblemException> refused;
    private final Runnable broken;
    private final byte[] buffer = new byte[8192];
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile ScheduledFuture<?> deadline;

    private BodyReader(ServletInputStream in, long maxBytes, long declared, Consumer<byte[]> complete,
                       Consumer<ProblemException> refused, Runnable broken) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.declared = declared;
        this.body = new ByteArrayOutputStream(declared > 0 ? (int) Math.min(declared, maxBytes) : 1024);
        this.complete = complete;
        this.refused = refused;
        this.broken = broken;
    }

    /**
     * Reads the body as it arrives; {@code complete}, {@code refused} (413, 400 for an empty body,
     * 408 past {@code timeout}) or {@code broken} (the connection failed) runs once.
     */
    public static void read(ServletInputStream in, long maxBytes, long declared, Duration timeout,
                            Consumer<byte[]> complete, Consumer<ProblemException> refused, Runnable broken) {
        BodyReader reader = new BodyReader(in, maxBytes, declared, complete, refused, broken);
        if (!timeout.isZero() && !timeout.isNegative()) {
            reader.deadline = DEADLINES.schedule(reader::timedOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        in.setReadListener(reader);
    }

    /** Runs {@code task} on the body timer after {@code delayNanos}: for work that must wait a moment, never on a request. */
    public static void later(Runnable task, long delayNanos) {
        DEADLINES.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "request-body-deadlines");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private void timedOut() {
        if (end()) {
            refused.accept(new ProblemException(Problem.REQUEST_TIMEOUT,
                    "The request body did not arrive within the body timeout (LB_CLIENT_BODY_TIMEOUT_SECONDS)"));
        }
    }

    /** Whether this call is the one that ends the read. */
    private boolean end() {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> timer = deadline;
        if (timer != null) {
            timer.cancel(false);
        }
        return true;
    }

    /**
     * The usual case, a small body that came with the request's head: when all {@code declared}
     * bytes are already in the container's buffer, reading them cannot block, and going through
     * a listener (whose callbacks the container may hand to another thread) would cost more.
     *
     * @return the body, or null when it is not all here yet (then {@link #read} it)
     */
    public static byte[] alreadyHere(ServletInputStream in, long declared) throws IOException {
        if (declared <= 0 || declared > 64 * 1024 || in.available() < declared) {
            return null;
        }
        byte[] body = new byte[(int) declared];
        int at = 0;
        while (at < body.length) {
            int n = in.read(body, at, body.length - at);
            if (n < 0) {
                return null;
            }
            at += n;
        }
        return body;
    }

    /** For the one case where the container cannot read a body without blocking (see ProxyServlet). */
    public static byte[] readBlocking(ServletInputStream in, long maxBytes) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            throw new ProblemException(Problem.PAYLOAD_TOO_LARGE, "The request body exceeds " + maxBytes + " bytes");
        }
        if (body.length == 0) {
            throw new ProblemException(Problem.INVALID_REQUEST, "A JSON request body is required");
        }
        return body;
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (!ended.get() && in.isReady()) {
            int n = in.read(buffer);
            if (n < 0) {
                return;
            }
            body.write(buffer, 0, n);
            if (body.size() > maxBytes) {
                if (end()) {
                    refused.accept(new ProblemException(Problem.PAYLOAD_TOO_LARGE,
                            "The request body exceeds " + maxBytes + " bytes"));
                }
                return;
            }
            if (body.size() == declared) {
                // all the declared bytes are here: a request that also carries an Upgrade header is
                // not told its end by the container, so the length decides
                onAllDataRead();
            }
        }
    }

    @Override
    public void onAllDataRead() {
        if (!end()) {
            return;
        }
        if (body.size() == 0) {
            refused.accept(new ProblemException(Problem.INVALID_REQUEST, "A JSON request body is required"));
            return;
        }
        complete.accept(body.toByteArray());
    }

    @Override
    public void onError(Throwable error) {
        if (end()) {
            broken.run();
        }
    }
}
