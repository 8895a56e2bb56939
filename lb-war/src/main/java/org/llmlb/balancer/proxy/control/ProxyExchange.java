package org.llmlb.balancer.proxy.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.balancer.problems.control.ErrorBody;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;
import org.llmlb.balancer.routing.control.Lease;
import org.llmlb.balancer.routing.entity.Scope;
import org.llmlb.balancer.routing.entity.Upstream;
import org.llmlb.balancer.tokens.control.TokenUsage;

/**
 * One proxied request from routing to the last byte, on the request's own thread: tries
 * endpoints in turn until one answers or the first byte has gone to the client, then relays.
 */
final class ProxyExchange {

    private static final long MAX_ANSWER_BYTES = 256L * 1024 * 1024;

    private final Proxy proxy;
    private final HttpServletResponse response;
    private final String operation;
    private final byte[] body;
    private final byte[] upstreamBody;
    private final OpenAiRequest request;
    private final Scope scope;
    private final String requestId;
    private final long startNanos = System.nanoTime();
    private final Set<Long> tried = new HashSet<>(4);
    private final TokenUsage tokenUsage;
    private final Proxy.AnswerSink sink;

    ProxyExchange(Proxy proxy, HttpServletResponse response, String operation, byte[] body, OpenAiRequest request,
                  Scope scope, String requestId, TokenUsage usage, Proxy.AnswerSink sink) {
        this.proxy = proxy;
        this.response = response;
        this.operation = operation;
        this.body = body;
        this.request = request;
        this.upstreamBody = request.upstreamBody(body);
        this.scope = scope;
        this.requestId = requestId;
        this.tokenUsage = usage;
        this.sink = sink;
    }

    void run() throws IOException {
        try {
            route();
        } finally {
            proxy.metrics.finished(response.getStatus(), System.nanoTime() - startNanos);
        }
    }

    private void route() throws IOException {
        ProblemException lastFailure = null;
        long queueDeadline = 0;
        while (true) {
            Lease lease;
            try {
                lease = proxy.router.route(scope, request.model(), tried, request.estimatedTokens(body.length));
            } catch (ProblemException problem) {
                if (problem.problem == Problem.ALL_ENDPOINTS_BUSY && proxy.router.queueTimeoutMillis() > 0) {
                    if (queueDeadline == 0) {
                        queueDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(proxy.router.queueTimeoutMillis());
                    }
                    if (awaitFreeSlot(queueDeadline)) {
                        continue;
                    }
                }
                fail(problem);
                return;
            }
            if (lease == null) {
                fail(lastFailure);
                return;
            }
            if (lastFailure != null) {
                proxy.metrics.failover();
            }
            tried.add(lease.upstream.id());
            lastFailure = attempt(lease);
            if (lastFailure == null) {
                return;
            }
        }
    }

    private boolean awaitFreeSlot(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        try {
            proxy.router.nextFreeSlot().get(left, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return null when the request is answered, else why this endpoint failed (try the next) */
    private ProblemException attempt(Lease lease) throws IOException {
        Upstream upstream = lease.upstream;
        Http1Response answer;
        try {
            answer = proxy.client.post(upstream.baseUri(), operation, upstream.verifyTls(), headers(upstream),
                    upstreamBody, (int) Math.min(Integer.MAX_VALUE, upstream.timeout().toMillis()));
        } catch (IOException e) {
            return failed(lease, classify(e, upstream));
        }
        try (answer) {
            int status = answer.status;
            if (status >= 500 || status == 429) {
                return failed(lease, rejected(answer, upstream));
            }
            if (status == 200 && request.stream()) {
                return relayStream(lease, answer);
            }
            byte[] payload;
            try {
                payload = answer.readAll(MAX_ANSWER_BYTES);
            } catch (IOException e) {
                return failed(lease, classify(e, upstream));
            }
            if (status == 200) {
                Usage usage = Usage.scan(payload);
                succeeded(lease, usage, 0);
                if (sink != null) {
                    sink.answered(answer.header("content-type"), upstream.name(), payload);
                }
            } else {
                lease.release();
            }
            headers(status, answer.header("content-type"), upstream);
            response.setContentLength(payload.length);
            response.getOutputStream().write(payload);
            return null;
        }
    }

    private String[] headers(Upstream upstream) {
        String key = upstream.apiKey();
        boolean auth = key != null && !key.isEmpty();
        String accept = request.stream() ? "text/event-stream" : "application/json";
        return auth
                ? new String[]{"Content-Type", "application/json", "Accept", accept, "X-Request-ID", requestId,
                "User-Agent", "llmlb/" + Proxy.VERSION, "Authorization", "Bearer " + key}
                : new String[]{"Content-Type", "application/json", "Accept", accept, "X-Request-ID", requestId,
                "User-Agent", "llmlb/" + Proxy.VERSION};
    }

    private ProblemException relayStream(Lease lease, Http1Response answer) throws IOException {
        Upstream upstream = lease.upstream;
        SseRelay relay = new SseRelay(new SseRelay.Sink() {
            @Override
            public void commit() {
                proxy.metrics.firstToken(System.nanoTime() - startNanos);
                headers(200, "text/event-stream", upstream);
                response.setHeader("Cache-Control", "no-cache");
                response.setHeader("X-Accel-Buffering", "no");
            }

            @Override
            public void write(byte[] bytes) throws IOException {
                var out = response.getOutputStream();
                out.write(bytes);
                out.flush();
            }
        }, request.injectsUsage());
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(bodyStream(answer), StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                relay.line(line);
            }
            relay.end();
        } catch (SseRelay.ClientGone gone) {
            // nobody reads the rest: closing the connection stops the endpoint generating it
            answer.abort();
            lease.release();
            return null;
        } catch (IOException upstreamFailed) {
            answer.abort();
            ProblemException problem = classify(upstreamFailed, upstream);
            if (!relay.committed()) {
                return failed(lease, problem);
            }
            lease.failed(proxy.clock.millis());
            proxy.statistics.failure(upstream.id());
            try {
                relayError(problem);
            } catch (IOException clientGone) {
                // the stream ends either way
            }
            return null;
        }
        if (!relay.committed()) {
            headers(200, "text/event-stream", upstream);
        }
        Usage usage = relay.usage();
        succeeded(lease, usage, usage == null ? relay.contentDeltas() : 0);
        return null;
    }

    private void relayError(ProblemException problem) throws IOException {
        var out = response.getOutputStream();
        out.write(("data: " + ErrorBody.of(problem) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The answer's body as a stream, so a line reader can pull it. */
    private static InputStream bodyStream(Http1Response answer) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return answer.read(buffer, offset, length);
            }
        };
    }

    private void succeeded(Lease lease, Usage usage, long estimatedCompletion) {
        long prompt = usage == null ? 0 : usage.promptTokens();
        long completion = usage == null ? estimatedCompletion : usage.completionTokens();
        lease.succeeded(prompt + completion);
        if (tokenUsage != null) {
            tokenUsage.tokens(prompt, completion);
        }
        proxy.statistics.success(lease.upstream.id(), prompt, completion, usage == null && request.stream(),
                (System.nanoTime() - startNanos) / 1000);
    }

    private ProblemException failed(Lease lease, ProblemException problem) {
        lease.failed(proxy.clock.millis());
        proxy.statistics.failure(lease.upstream.id());
        return problem;
    }

    private ProblemException rejected(Http1Response answer, Upstream upstream) {
        int status = answer.status;
        if (status != 429) {
            return new ProblemException(Problem.UPSTREAM_ERROR, "Endpoint '" + upstream.name() + "' answered " + status);
        }
        long retryAfter = seconds(answer.header("retry-after"));
        if (retryAfter > 0) {
            upstream.state().blockUntil(proxy.clock.millis() + retryAfter * 1000);
        }
        return new ProblemException(Problem.RATE_LIMITED, "Endpoint '" + upstream.name() + "' is rate limited",
                List.of(), Math.max(1, retryAfter));
    }

    private void fail(ProblemException problem) throws IOException {
        byte[] json = ErrorBody.of(problem).toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(problem.problem.status);
        response.setHeader("X-LB-Version", Proxy.VERSION);
        if (problem.retryAfterSeconds > 0) {
            response.setHeader("Retry-After", Long.toString(problem.retryAfterSeconds));
        }
        response.setContentType("application/json");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    private void headers(int status, String contentType, Upstream upstream) {
        response.setStatus(status);
        response.setHeader("X-LB-Endpoint", upstream.name());
        response.setHeader("X-LB-Version", Proxy.VERSION);
        response.setContentType(contentType != null ? contentType : "application/json");
    }

    private static ProblemException classify(IOException error, Upstream upstream) {
        if (Http1Client.isTimeout(error)) {
            return new ProblemException(Problem.UPSTREAM_TIMEOUT, "Endpoint '" + upstream.name() + "' timed out");
        }
        if (error instanceof java.net.ConnectException) {
            return new ProblemException(Problem.UPSTREAM_ERROR, "Endpoint '" + upstream.name() + "' is unreachable");
        }
        return new ProblemException(Problem.UPSTREAM_ERROR, "Endpoint '" + upstream.name() + "' failed");
    }

    private static long seconds(String retryAfter) {
        if (retryAfter == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException httpDate) {
            return 0;
        }
    }
}
