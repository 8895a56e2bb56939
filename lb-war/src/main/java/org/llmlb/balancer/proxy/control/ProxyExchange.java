package org.llmlb.balancer.proxy.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.balancer.problems.control.ErrorBody;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;
import org.llmlb.balancer.routing.control.Lease;
import org.llmlb.balancer.routing.entity.Scope;
import org.llmlb.balancer.routing.entity.Upstream;

/**
 * One proxied request from routing to the last byte: tries endpoints in turn until one answers
 * or the first byte has gone to the client, then relays the answer.
 */
final class ProxyExchange implements AsyncListener {

    private static final Logger LOG = Logger.getLogger(ProxyExchange.class.getName());

    private final Proxy proxy;
    private final AsyncContext async;
    private final HttpServletResponse response;
    private final String operation;
    private final byte[] body;
    private final byte[] upstreamBody;
    private final OpenAiRequest request;
    private final Scope scope;
    private final String requestId;
    private final long startNanos = System.nanoTime();
    private final Set<Long> tried = new HashSet<>(4);
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Attempt current;
    private ProblemException lastFailure;
    private long queueDeadlineNanos;

    ProxyExchange(Proxy proxy, AsyncContext async, HttpServletResponse response, String operation, byte[] body,
                  OpenAiRequest request, Scope scope, String requestId) {
        this.proxy = proxy;
        this.async = async;
        this.response = response;
        this.operation = operation;
        this.body = body;
        this.request = request;
        this.upstreamBody = request.upstreamBody(body);
        this.scope = scope;
        this.requestId = requestId;
    }

    void start() {
        async.setTimeout(0);
        async.addListener(this);
        attempt();
    }

    private void attempt() {
        Lease lease;
        try {
            lease = proxy.router.route(scope, request.model(), tried, request.estimatedTokens(body.length));
        } catch (ProblemException problem) {
            if (problem.problem == Problem.ALL_ENDPOINTS_BUSY && awaitFreeSlot()) {
                return;
            }
            finishWithError(problem);
            return;
        }
        if (lease == null) {
            finishWithError(lastFailure);
            return;
        }
        tried.add(lease.upstream.id());
        Attempt attempt = new Attempt(lease);
        current = attempt;
        attempt.send();
    }

    private boolean awaitFreeSlot() {
        long timeout = proxy.router.queueTimeoutMillis();
        if (timeout <= 0) {
            return false;
        }
        long now = System.nanoTime();
        if (queueDeadlineNanos == 0) {
            queueDeadlineNanos = now + TimeUnit.MILLISECONDS.toNanos(timeout);
        }
        long left = queueDeadlineNanos - now;
        if (left <= 0) {
            return false;
        }
        CompletableFuture<Void> slot = proxy.router.nextFreeSlot();
        slot.completeOnTimeout(null, left, TimeUnit.NANOSECONDS)
                .thenRunAsync(this::attempt, proxy.clients.timers());
        return true;
    }

    private void failedAttempt(Attempt attempt, ProblemException problem) {
        attempt.lease.failed(proxy.clock.millis());
        proxy.statistics.failure(attempt.lease.upstream.id());
        lastFailure = problem;
        if (!finished.get()) {
            attempt();
        }
    }

    private void finishWithError(ProblemException problem) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        try {
            byte[] json = ErrorBody.of(problem).toString().getBytes(StandardCharsets.UTF_8);
            response.setStatus(problem.problem.status);
            response.setHeader("X-LB-Version", Proxy.VERSION);
            if (problem.retryAfterSeconds > 0) {
                response.setHeader("Retry-After", Long.toString(problem.retryAfterSeconds));
            }
            response.setContentType("application/json");
            response.setContentLength(json.length);
            response.getOutputStream().write(json);
        } catch (IOException | IllegalStateException clientGone) {
            // nobody left to tell
        } finally {
            complete();
        }
    }

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyDone) {
            // the container completed it after the client went away
        }
    }

    private void headers(int status, String contentType, Upstream upstream) {
        response.setStatus(status);
        response.setHeader("X-LB-Endpoint", upstream.name());
        response.setHeader("X-LB-Version", Proxy.VERSION);
        if (contentType != null) {
            response.setContentType(contentType);
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
    }

    @Override
    public void onTimeout(AsyncEvent event) {
    }

    @Override
    public void onError(AsyncEvent event) {
        Attempt attempt = current;
        if (attempt != null) {
            attempt.clientGone();
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }

    private static ProblemException classify(Throwable error, Upstream upstream) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
            return new ProblemException(Problem.UPSTREAM_TIMEOUT, "Endpoint '" + upstream.name() + "' timed out");
        }
        if (cause instanceof ConnectException) {
            return new ProblemException(Problem.UPSTREAM_ERROR, "Endpoint '" + upstream.name() + "' is unreachable");
        }
        return new ProblemException(Problem.UPSTREAM_ERROR, "Endpoint '" + upstream.name() + "' failed");
    }

    /** One try on one endpoint. Exactly one terminal event acts; later ones are ignored. */
    private final class Attempt implements SseRelay.Sink {

        final Lease lease;
        final Upstream upstream;
        final AtomicBoolean done = new AtomicBoolean();
        final long timeoutNanos;
        volatile CompletableFuture<HttpResponse<byte[]>> call;
        volatile SseRelay relay;

        Attempt(Lease lease) {
            this.lease = lease;
            this.upstream = lease.upstream;
            this.timeoutNanos = upstream.timeout().toNanos();
        }

        void send() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(upstream.baseUri() + operation))
                    .timeout(upstream.timeout())
                    .header("Content-Type", "application/json")
                    .header("X-Request-ID", requestId)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(upstreamBody));
            if (request.stream()) {
                builder.header("Accept", "text/event-stream");
            }
            if (upstream.apiKey() != null && !upstream.apiKey().isEmpty()) {
                builder.header("Authorization", "Bearer " + upstream.apiKey());
            }
            HttpResponse.BodyHandler<byte[]> handler = request.stream() ? this::streamOrBuffer
                    : HttpResponse.BodyHandlers.ofByteArray();
            call = proxy.clients.client(upstream.verifyTls()).sendAsync(builder.build(), handler);
            call.whenComplete((answer, error) -> {
                try {
                    answered(answer, error);
                } catch (RuntimeException bug) {
                    LOG.log(Level.SEVERE, "proxy exchange failed", bug);
                }
            });
        }

        private HttpResponse.BodySubscriber<byte[]> streamOrBuffer(HttpResponse.ResponseInfo info) {
            if (info.statusCode() != 200) {
                return HttpResponse.BodySubscribers.ofByteArray();
            }
            SseRelay sse = new SseRelay(this, request.injectsUsage());
            relay = sse;
            watch(sse);
            return HttpResponse.BodySubscribers.fromLineSubscriber(sse, s -> null, StandardCharsets.UTF_8, null);
        }

        private void watch(SseRelay sse) {
            proxy.clients.timers().schedule(() -> {
                if (done.get()) {
                    return;
                }
                long idle = System.nanoTime() - sse.lastActivityNanos();
                if (idle >= timeoutNanos) {
                    sse.cancel();
                    failed(new HttpTimeoutException("chunk gap"));
                } else {
                    watch(sse);
                }
            }, Math.max(1, timeoutNanos - (System.nanoTime() - sse.lastActivityNanos())), TimeUnit.NANOSECONDS);
        }

        private void answered(HttpResponse<byte[]> answer, Throwable error) {
            if (error != null) {
                failed(error);
                return;
            }
            int status = answer.statusCode();
            if (status == 200 && request.stream()) {
                return;
            }
            if (!done.compareAndSet(false, true)) {
                return;
            }
            if (status >= 500 || status == 429) {
                long retryAfter = answer.headers().firstValue("Retry-After").map(ProxyExchange::seconds).orElse(0L);
                if (status == 429 && retryAfter > 0) {
                    upstream.state().blockUntil(proxy.clock.millis() + retryAfter * 1000);
                }
                ProblemException problem = status == 429
                        ? new ProblemException(Problem.RATE_LIMITED,
                        "Endpoint '" + upstream.name() + "' is rate limited", List.of(), Math.max(1, retryAfter))
                        : new ProblemException(Problem.UPSTREAM_ERROR,
                        "Endpoint '" + upstream.name() + "' answered " + status);
                failedAttempt(this, problem);
                return;
            }
            if (!finished.compareAndSet(false, true)) {
                lease.release();
                return;
            }
            byte[] payload = answer.body() == null ? new byte[0] : answer.body();
            if (status == 200) {
                Usage usage = Usage.scan(payload);
                long prompt = usage == null ? 0 : usage.promptTokens();
                long completion = usage == null ? 0 : usage.completionTokens();
                lease.succeeded(prompt + completion);
                proxy.statistics.success(upstream.id(), prompt, completion, false, elapsedMicros());
            } else {
                lease.release();
            }
            try {
                headers(status, answer.headers().firstValue("Content-Type").orElse("application/json"), upstream);
                response.setContentLength(payload.length);
                response.getOutputStream().write(payload);
            } catch (IOException | IllegalStateException clientGone) {
                // the answer was produced; the client just did not wait for it
            } finally {
                complete();
            }
        }

        @Override
        public void commit() {
            if (!finished.compareAndSet(false, true)) {
                throw new IllegalStateException("exchange already finished");
            }
            headers(200, "text/event-stream", upstream);
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Accel-Buffering", "no");
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            synchronized (this) {
                var out = response.getOutputStream();
                out.write(bytes);
                out.flush();
            }
        }

        @Override
        public void ended(Usage usage, long estimatedCompletion) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            long prompt = usage == null ? 0 : usage.promptTokens();
            long completion = usage == null ? estimatedCompletion : usage.completionTokens();
            lease.succeeded(prompt + completion);
            proxy.statistics.success(upstream.id(), prompt, completion, usage == null, elapsedMicros());
            if (!relay.committed()) {
                finished.set(true);
                try {
                    headers(200, "text/event-stream", upstream);
                } catch (IllegalStateException ignored) {
                    // response already committed by the container
                }
            }
            complete();
        }

        @Override
        public void failed(Throwable error) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            SseRelay sse = relay;
            if (sse != null) {
                sse.cancel();
            }
            CompletableFuture<HttpResponse<byte[]>> pending = call;
            if (pending != null) {
                pending.cancel(true);
            }
            ProblemException problem = classify(error, upstream);
            if (sse == null || !sse.committed()) {
                failedAttempt(this, problem);
                return;
            }
            lease.failed(proxy.clock.millis());
            proxy.statistics.failure(upstream.id());
            try {
                write(("data: " + ErrorBody.of(problem) + "\n\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException clientGone) {
                // the stream ends either way
            }
            complete();
        }

        /** The client went away: stop the upstream generating for nobody and free the slot. */
        @Override
        public void clientGone() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            finished.set(true);
            SseRelay sse = relay;
            if (sse != null) {
                sse.cancel();
            }
            CompletableFuture<HttpResponse<byte[]>> pending = call;
            if (pending != null) {
                pending.cancel(true);
            }
            lease.release();
            complete();
        }

        private long elapsedMicros() {
            return (System.nanoTime() - startNanos) / 1000;
        }
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.max(0, Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException httpDate) {
            return 0;
        }
    }
}
