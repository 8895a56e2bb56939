package org.llmlb.balancer.proxy.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.llmlb.balancer.health.control.Causes;
import org.llmlb.balancer.problems.control.ErrorBody;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;
import org.llmlb.balancer.routing.control.Lease;
import org.llmlb.balancer.routing.control.LoadReports;
import org.llmlb.balancer.routing.control.Router;
import org.llmlb.balancer.routing.control.SessionKey;
import org.llmlb.balancer.routing.entity.Scope;
import org.llmlb.balancer.tokens.control.TokenUsage;
import org.llmlb.client.http.ResponseHead;
import org.llmlb.wire.Usage;

/**
 * One proxied request from routing to its last byte, as a sequence of events in its mailbox
 * (no thread waits for it anywhere): route, or wait in the queue for a slot; try the chosen
 * endpoint; on a failure before anything reached the client, try the next one (each endpoint
 * once); relay the answer with back-pressure (the upstream is paused while the client cannot
 * take more); end on the answer's end, a timeout, a broken stream or the client's hang-up.
 */
final class Failover implements Deadlines.Timed, Downstream.Events, StreamRelay.Output, Router.Grant {

    private static final int MAX_ANSWER_BYTES = 256 * 1024 * 1024;
    private static final int MAX_PRESIZED_BYTES = 1024 * 1024;
    private static final long NONE = Long.MAX_VALUE;
    /** The status metrics give a request whose client hung up first (nginx's convention). */
    static final int CLIENT_CLOSED = 499;
    /**
     * How long a request waits before the socket table is read for its hang-up: most answers
     * start sooner; with the table read twice a second a hang-up still ends the upstream request
     * within a second of it.
     */
    private static final long WATCH_AFTER_NANOS = 250_000_000L;

    private enum Phase { ROUTING, QUEUED, CALLING, REJECTED, STREAMING, BUFFERING, ANSWERED, DONE }

    private final Proxy proxy;
    private final Downstream client;
    private final Mailbox mailbox;
    private final String operation;
    private final byte[] body;
    private final byte[] upstreamBody;
    private final OpenAiRequest request;
    private final Scope scope;
    private final String requestId;
    private final TokenUsage tokenUsage;
    private final Proxy.AnswerSink sink;
    private final long startNanos;
    /** The request's session for affinity, or null. */
    private final SessionKey session;
    private final Set<Long> tried = new HashSet<>(4);
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();

    private Phase phase = Phase.ROUTING;
    private UpstreamCall call;
    private Router.Waiter waiter;
    private ProblemException lastFailure;
    private StreamRelay relay;
    /** A whole answer as it arrives (BUFFERING): its bytes so far are {@code buffered[0, bufferedLength)}. */
    private byte[] buffered;
    private int bufferedLength;
    private ResponseHead answerHead;
    /** A 5xx or 429 (REJECTED): why, and the start of its body as it arrives. */
    private AttemptFailure rejection;
    private byte[] rejectionBody;
    private int rejectionLength;
    private boolean paused;
    private boolean wrote;
    private int status = 200;
    private long queueDeadline;
    private long queuedSince;
    private long queuedNanos;
    private long attemptStart;
    private long failedAttemptsNanos;
    /** Read by the timer thread. */
    private volatile long deadline = NONE;
    private volatile boolean watching;
    private boolean connectionSeen;

    Failover(Proxy proxy, Downstream client, String operation, byte[] body, OpenAiRequest request, Scope scope,
             String requestId, TokenUsage tokenUsage, Proxy.AnswerSink sink, long startNanos, String sessionHeader) {
        this.proxy = proxy;
        this.client = client;
        this.mailbox = client.mailbox();
        this.operation = operation;
        this.body = body;
        this.upstreamBody = request.upstreamBody(body);
        this.request = request;
        this.scope = scope;
        this.requestId = requestId;
        this.tokenUsage = tokenUsage;
        this.sink = sink;
        this.startNanos = startNanos;
        this.session = proxy.router.session(scope, request.user(), sessionHeader, body, request.promptStart(),
                request.promptEnd());
    }

    Mailbox mailbox() {
        return mailbox;
    }

    /** In the mailbox. */
    void start() {
        client.listen(this);
        proxy.deadlines.add(this);
        watching = client.connectionKey() != 0 && proxy.deadlines.watchingClients();
        route();
    }

    private void route() {
        phase = Phase.ROUTING;
        Lease lease;
        try {
            lease = proxy.router.route(scope, request.model(), tried, request.estimatedTokens(body.length), session);
        } catch (ProblemException problem) {
            if (problem.problem == Problem.ALL_ENDPOINTS_BUSY && proxy.router.queueTimeoutMillis() > 0) {
                queue();
                return;
            }
            fail(problem);
            return;
        }
        if (lease == null) {
            fail(lastFailure);
            return;
        }
        attempt(lease);
    }

    private void queue() {
        long now = System.nanoTime();
        if (queueDeadline == 0) {
            queueDeadline = now + proxy.router.queueTimeoutMillis() * 1_000_000;
        }
        if (now - queueDeadline >= 0) {
            fail(busy());
            return;
        }
        phase = Phase.QUEUED;
        queuedSince = now;
        deadline = queueDeadline;
        waiter = proxy.router.await(scope, request.model(), tried, request.estimatedTokens(body.length), session, this);
    }

    private static ProblemException busy() {
        return new ProblemException(Problem.ALL_ENDPOINTS_BUSY, "All endpoints are at their concurrency limit",
                List.of(), 1);
    }

    /** Router.Grant: on the thread that freed the slot. */
    @Override
    public void granted(Lease lease) {
        mailbox.execute(() -> {
            if (phase != Phase.QUEUED) {
                lease.release();
                return;
            }
            waiter = null;
            queuedNanos += System.nanoTime() - queuedSince;
            attempt(lease);
        });
    }

    @Override
    public void refused(ProblemException problem) {
        mailbox.execute(() -> {
            if (phase == Phase.QUEUED) {
                waiter = null;
                fail(problem);
            }
        });
    }

    private void attempt(Lease lease) {
        if (lastFailure != null) {
            proxy.metrics.failover();
        }
        tried.add(lease.upstream.id());
        phase = Phase.CALLING;
        attemptStart = System.nanoTime();
        call = new UpstreamCall(this, lease);
        deadline = attemptStart + lease.upstream.timeout().toNanos();
        call.start(proxy.client, operation, upstreamBody, requestId, request.stream());
    }

    void head(UpstreamCall from, ResponseHead head) {
        if (from != call) {
            return;
        }
        String report = head.header(LoadReports.RESPONSE_HEADER);
        if (report != null) {
            call.upstream.state().serverLoad(LoadReports.parse(report, proxy.clock.millis()));
        }
        int code = head.status();
        if (code >= 500 || code == 429) {
            // the start of its body says why: read it (briefly) before going on to the next endpoint
            rejection = call.rejected(head, proxy.clock.millis());
            rejectionBody = new byte[Causes.BODY_BYTES];
            rejectionLength = 0;
            phase = Phase.REJECTED;
            rearm();
            return;
        }
        answerHead = head;
        rearm();
        if (code == 200 && request.stream()) {
            phase = Phase.STREAMING;
            relay = new StreamRelay(this, request.injectsUsage());
        } else {
            phase = Phase.BUFFERING;
            buffered = new byte[answerCapacity(head)];
            bufferedLength = 0;
        }
    }

    void content(UpstreamCall from, ByteBuffer data) {
        if (from != call) {
            return;
        }
        rearm();
        if (phase == Phase.REJECTED) {
            int n = Math.min(data.remaining(), rejectionBody.length - rejectionLength);
            data.get(rejectionBody, rejectionLength, n);
            rejectionLength += n;
            if (rejectionLength == rejectionBody.length) {
                rejectionRead();
            }
        } else if (phase == Phase.STREAMING) {
            try {
                relay.feed(data);
            } catch (IOException malformed) {
                broken(malformedStream());
                return;
            }
            flushWritten();
        } else if (phase == Phase.BUFFERING) {
            int n = data.remaining();
            if ((long) bufferedLength + n > MAX_ANSWER_BYTES) {
                attemptFailed(new AttemptFailure(new ProblemException(Problem.UPSTREAM_ERROR,
                        "Endpoint '" + call.upstream.name() + "' answered more than " + MAX_ANSWER_BYTES + " bytes"),
                        "too_large", "answered more than " + MAX_ANSWER_BYTES + " bytes"));
                return;
            }
            if (bufferedLength + n > buffered.length) {
                buffered = Arrays.copyOf(buffered, (int) Math.min(MAX_ANSWER_BYTES,
                        Math.max(bufferedLength + n, 2L * buffered.length)));
            }
            data.get(buffered, bufferedLength, n);
            bufferedLength += n;
        }
    }

    private AttemptFailure malformedStream() {
        return new AttemptFailure(new ProblemException(Problem.UPSTREAM_ERROR,
                "Endpoint '" + call.upstream.name() + "' sent a malformed stream"), "malformed",
                "sent a malformed event stream");
    }

    /** The 5xx or 429 body is read as far as it is kept: this endpoint failed, the next may answer. */
    private void rejectionRead() {
        attemptFailed(rejection.withBody(Causes.bodyStart(rejectionBody, rejectionLength)));
    }

    /**
     * Room for the whole answer when the endpoint announced its length (then no copy at the end),
     * else a start; what an endpoint announces is believed up to {@link #MAX_PRESIZED_BYTES}.
     */
    private static int answerCapacity(ResponseHead head) {
        long announced = head.contentLength();
        return announced >= 0 && announced <= MAX_PRESIZED_BYTES ? (int) announced : 1024;
    }

    void ended(UpstreamCall from) {
        if (from != call) {
            return;
        }
        deadline = NONE;
        if (phase == Phase.REJECTED) {
            rejectionRead();
            return;
        }
        if (phase == Phase.STREAMING) {
            try {
                relay.finish();
            } catch (IOException malformed) {
                broken(malformedStream());
                return;
            }
            Usage usage = relay.usage();
            succeeded(usage, usage == null ? relay.outputDeltas() : 0);
            flushWritten();
        } else if (phase == Phase.BUFFERING) {
            byte[] answer = bufferedLength == buffered.length ? buffered : Arrays.copyOf(buffered, bufferedLength);
            buffered = null;
            int code = answerHead.status();
            String contentType = answerHead.header("content-type");
            if (code == 200) {
                succeeded(Usage.scan(answer), 0);
                if (sink != null) {
                    sink.answered(contentType, call.upstream.name(), answer);
                }
            } else {
                proxy.statistics.answered(call.upstream.id(), code);
                if (code >= 400) {
                    proxy.health.answered(call.upstream.id(), "http", code, "answered HTTP " + code,
                            Causes.bodyStart(answer, answer.length), requestId);
                }
                call.lease.release();
            }
            status = code;
            commitAnswer(code, contentType, answer.length);
            // no flush of its own: completing the response sends it, one pass through the container less
            emit(answer);
        }
        phase = Phase.ANSWERED;
        completeWhenWritten();
    }

    void failed(UpstreamCall from, AttemptFailure problem) {
        if (from != call) {
            return;
        }
        if (phase == Phase.REJECTED) {
            // the body broke off: what the status says is enough
            rejectionRead();
        } else if (client.committed()) {
            broken(problem);
        } else {
            attemptFailed(problem);
        }
    }

    /** Before the client got anything: this endpoint failed, the next may answer. */
    private void attemptFailed(AttemptFailure problem) {
        UpstreamCall failed = call;
        call = null;
        relay = null;
        buffered = null;
        answerHead = null;
        rejection = null;
        rejectionBody = null;
        pending.clear();
        paused = false;
        failed.cancel();
        endpointFailed(failed, problem);
        failed.lease.failed(proxy.clock.millis());
        failedAttemptsNanos += System.nanoTime() - attemptStart;
        lastFailure = problem.problem();
        deadline = NONE;
        route();
    }

    /** After the client got part of a stream: it ends with an error event; the endpoint failed. */
    private void broken(AttemptFailure problem) {
        UpstreamCall failed = call;
        call.cancel();
        endpointFailed(failed, problem);
        failed.lease.failed(proxy.clock.millis());
        deadline = NONE;
        emit(("data: " + ErrorBody.of(problem.problem()) + "\n\n").getBytes(StandardCharsets.UTF_8));
        flushWritten();
        phase = Phase.ANSWERED;
        completeWhenWritten();
    }

    private void endpointFailed(UpstreamCall failed, AttemptFailure problem) {
        proxy.statistics.failure(failed.upstream.id(), problem.status());
        proxy.health.failed(failed.upstream.id(), failed.upstream.name(), problem.kind(), problem.status(),
                problem.detail(), problem.body(), requestId);
    }

    private void succeeded(Usage usage, long estimatedCompletion) {
        long prompt = usage == null ? 0 : usage.promptTokens();
        long completion = usage == null ? estimatedCompletion : usage.completionTokens();
        if (tokenUsage != null) {
            tokenUsage.tokens(prompt, completion);
        }
        proxy.statistics.success(call.upstream.id(), prompt, completion, usage == null && request.stream(),
                (System.nanoTime() - startNanos) / 1000);
        // counted before the slot is free: whoever sees the endpoint idle sees its numbers
        call.lease.succeeded(prompt + completion);
    }

    /** StreamRelay.Output: the first content event is about to go out. */
    @Override
    public void commit() {
        long firstToken = System.nanoTime() - startNanos;
        proxy.metrics.firstToken(firstToken);
        proxy.statistics.firstToken(call.upstream.id(), firstToken);
        commitAnswer(200, "text/event-stream", -1);
    }

    private void commitAnswer(int code, String contentType, long contentLength) {
        long overhead = Math.max(0, call.sentNanos - startNanos - queuedNanos - failedAttemptsNanos);
        proxy.statistics.overhead(call.upstream.id(), overhead);
        watching = false;
        client.commit(code, contentType, call.upstream.name(), overhead, contentLength);
    }

    /** StreamRelay.Output */
    @Override
    public void event(byte[] bytes) {
        emit(bytes);
    }

    private void emit(byte[] bytes) {
        if (!pending.isEmpty() || !client.ready()) {
            pending.add(bytes);
            pauseUpstream();
            return;
        }
        wrote = true;
        if (!client.write(bytes)) {
            pauseUpstream();
        }
    }

    private void flushWritten() {
        if (wrote && pending.isEmpty() && client.ready()) {
            wrote = false;
            if (!client.flush()) {
                pauseUpstream();
            }
        }
    }

    private void pauseUpstream() {
        if (!paused && call != null && phase != Phase.ANSWERED) {
            paused = true;
            deadline = NONE;
            call.pause();
        }
    }

    /** Downstream.Events, in the mailbox: the client can take more. */
    @Override
    public void writable() {
        if (phase == Phase.DONE) {
            return;
        }
        while (!pending.isEmpty() && client.ready()) {
            wrote = true;
            client.write(pending.poll());
        }
        flushWritten();
        if (!pending.isEmpty() || !client.ready()) {
            return;
        }
        if (paused && phase != Phase.ANSWERED) {
            paused = false;
            rearm();
            call.resume();
        }
        completeWhenWritten();
    }

    private void completeWhenWritten() {
        if (phase == Phase.ANSWERED && pending.isEmpty()) {
            finish(status);
            client.complete();
        }
    }

    /** Downstream.Events, in the mailbox: the client hung up or its connection broke. */
    @Override
    public void gone() {
        if (phase == Phase.DONE) {
            return;
        }
        if (phase == Phase.QUEUED && waiter != null) {
            proxy.router.cancel(waiter);
        }
        if (call != null && phase != Phase.ANSWERED) {
            // nobody reads the rest: closing the connection stops the endpoint generating it
            call.cancel();
            proxy.statistics.clientClosed(call.upstream.id());
            call.lease.release();
        }
        finish(CLIENT_CLOSED);
        client.abandon();
    }

    private void fail(ProblemException problem) {
        ProblemException answer = problem != null ? problem
                : new ProblemException(Problem.NO_ENDPOINTS_AVAILABLE, "No endpoint could take the request");
        finish(answer.problem.status);
        client.fail(answer);
    }

    private void finish(int finalStatus) {
        phase = Phase.DONE;
        deadline = NONE;
        watching = false;
        pending.clear();
        proxy.deadlines.remove(this);
        proxy.metrics.finished(finalStatus, System.nanoTime() - startNanos);
    }

    /** The endpoint's timeout counts again from now: to the first byte, or to the next piece of the answer. */
    private void rearm() {
        if (call != null && !paused) {
            deadline = System.nanoTime() + call.upstream.timeout().toNanos();
        }
    }

    /** Deadlines.Timed, on the timer thread. */
    @Override
    public void tick(long nowNanos) {
        long due = deadline;
        if (due != NONE && nowNanos - due >= 0) {
            deadline = NONE;
            mailbox.execute(this::expired);
        }
    }

    private void expired() {
        switch (phase) {
            case QUEUED -> {
                if (proxy.router.cancel(waiter)) {
                    waiter = null;
                    fail(busy());
                }
            }
            case REJECTED -> rejectionRead();
            case CALLING, STREAMING, BUFFERING -> {
                if (paused || call == null) {
                    return;
                }
                AttemptFailure timeout = call.timedOut(phase != Phase.CALLING);
                if (client.committed()) {
                    broken(timeout);
                } else {
                    attemptFailed(timeout);
                }
            }
            default -> {
                // answered meanwhile
            }
        }
    }

    @Override
    public boolean watchesClient(long nowNanos) {
        return watching && nowNanos - startNanos >= WATCH_AFTER_NANOS;
    }

    @Override
    public long connectionKey() {
        return client.connectionKey();
    }

    @Override
    public void client(ClientConnections.Snapshot connections) {
        Boolean gone = connections.gone(client.connectionKey());
        if (gone == null) {
            if (connectionSeen) {
                // open before, not in the table now: reset by the client
                watching = false;
                mailbox.execute(this::gone);
            } else {
                // not visible here (another network namespace, a proxy protocol): the next write will tell
                watching = false;
            }
            return;
        }
        connectionSeen = true;
        if (gone) {
            watching = false;
            mailbox.execute(this::gone);
        }
    }
}
