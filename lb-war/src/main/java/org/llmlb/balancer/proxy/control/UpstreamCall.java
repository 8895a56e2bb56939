package org.llmlb.balancer.proxy.control;

import java.nio.ByteBuffer;
import java.util.List;

import org.llmlb.balancer.Balancer;
import org.llmlb.balancer.health.control.Causes;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;
import org.llmlb.balancer.routing.control.Lease;
import org.llmlb.balancer.routing.control.LoadReports;
import org.llmlb.balancer.routing.entity.Upstream;
import org.llmlb.client.http.Exchange;
import org.llmlb.client.http.ResponseHead;
import org.llmlb.client.http.ResponseListener;
import org.llmlb.client.http.UpstreamClient;
import org.llmlb.client.http.UpstreamRequest;

/**
 * One attempt of a request on one endpoint: the upstream request, and what its answer means for
 * the balancer. Connect errors, DNS and TLS failures, a broken answer, 5xx and 429 are failures
 * of the endpoint (worth trying the next one); everything it reports goes to the request's
 * mailbox.
 */
final class UpstreamCall implements ResponseListener {

    final Lease lease;
    final Upstream upstream;
    private final Failover request;
    private Exchange exchange;
    /** When the request was handed to the upstream connection. */
    long sentNanos;

    UpstreamCall(Failover request, Lease lease) {
        this.request = request;
        this.lease = lease;
        this.upstream = lease.upstream;
    }

    void start(UpstreamClient client, String operation, byte[] body, String requestId, boolean stream) {
        UpstreamRequest call;
        try {
            call = UpstreamRequest.post(upstream.baseUri(), operation, headers(requestId, stream), body,
                    upstream.verifyTls());
        } catch (IllegalArgumentException unusable) {
            AttemptFailure problem = new AttemptFailure(new ProblemException(Problem.UPSTREAM_ERROR,
                    "Endpoint '" + upstream.name() + "' has a configuration that cannot be sent upstream"),
                    "config", "its base_url or api_key cannot be sent: " + Causes.cut(String.valueOf(unusable.getMessage())));
            request.mailbox().execute(() -> request.failed(this, problem));
            return;
        }
        exchange = client.exchange(call, this);
        sentNanos = System.nanoTime();
        exchange.start();
    }

    private String[] headers(String requestId, boolean stream) {
        String key = upstream.apiKey();
        String accept = stream ? "text/event-stream" : "application/json";
        return key != null && !key.isEmpty()
                ? new String[]{"Content-Type", "application/json", "Accept", accept, "X-Request-ID", requestId,
                "User-Agent", Balancer.USER_AGENT, LoadReports.REQUEST_HEADER, LoadReports.REQUEST_FORMAT,
                "Authorization", "Bearer " + key}
                : new String[]{"Content-Type", "application/json", "Accept", accept, "X-Request-ID", requestId,
                "User-Agent", Balancer.USER_AGENT, LoadReports.REQUEST_HEADER, LoadReports.REQUEST_FORMAT};
    }

    void pause() {
        if (exchange != null) {
            exchange.pause();
        }
    }

    void resume() {
        if (exchange != null) {
            exchange.resume();
        }
    }

    /** Closes the upstream connection: the endpoint stops working on an answer nobody reads. */
    void cancel() {
        if (exchange != null) {
            exchange.cancel();
        }
    }

    @Override
    public void head(ResponseHead head) {
        request.mailbox().execute(() -> request.head(this, head));
    }

    @Override
    public void content(ByteBuffer content) {
        Mailbox mailbox = request.mailbox();
        if (mailbox.tryEnter()) {
            try {
                request.content(this, content);
            } finally {
                mailbox.exit();
            }
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(content.remaining()).put(content).flip();
        mailbox.execute(() -> request.content(this, copy));
    }

    @Override
    public void end() {
        request.mailbox().execute(() -> request.ended(this));
    }

    @Override
    public void failed(Throwable error) {
        AttemptFailure problem = classify(error);
        request.mailbox().execute(() -> request.failed(this, problem));
    }

    AttemptFailure timedOut(boolean answering) {
        return new AttemptFailure(new ProblemException(Problem.UPSTREAM_TIMEOUT,
                "Endpoint '" + upstream.name() + "' timed out"), "timeout",
                (answering ? "no more of the answer within " : "no answer within ") + upstream.timeout().toMillis() + " ms");
    }

    /** What the client may read about the failure: the kind of it, never exception text. */
    AttemptFailure classify(Throwable error) {
        Causes.Cause cause = Causes.of(error);
        String name = "Endpoint '" + upstream.name() + "'";
        ProblemException problem = switch (cause.kind()) {
            case "connect_timeout" -> new ProblemException(Problem.UPSTREAM_TIMEOUT, name + " timed out connecting");
            case "refused" -> new ProblemException(Problem.UPSTREAM_ERROR, name + " is unreachable (connection refused)");
            case "dns" -> new ProblemException(Problem.UPSTREAM_ERROR, name + " is unreachable (unknown host)");
            case "tls" -> new ProblemException(Problem.UPSTREAM_ERROR, name + " failed the TLS handshake");
            case "closed" -> new ProblemException(Problem.UPSTREAM_ERROR, name + " closed the connection");
            default -> new ProblemException(Problem.UPSTREAM_ERROR, name + " failed");
        };
        return new AttemptFailure(problem, cause.kind(), cause.detail());
    }

    /** A 5xx or 429 answer: the endpoint's failure; a 429 with {@code Retry-After} also keeps it out that long. */
    AttemptFailure rejected(ResponseHead head, long nowMillis) {
        int status = head.status();
        if (status != 429) {
            return new AttemptFailure(new ProblemException(Problem.UPSTREAM_ERROR,
                    "Endpoint '" + upstream.name() + "' answered " + status), "http", status, "answered HTTP " + status, null);
        }
        long retryAfter = seconds(head.header("retry-after"));
        if (retryAfter > 0) {
            upstream.state().blockUntil(nowMillis + retryAfter * 1000);
        }
        return new AttemptFailure(new ProblemException(Problem.RATE_LIMITED,
                "Endpoint '" + upstream.name() + "' is rate limited", List.of(), Math.max(1, retryAfter)),
                "http", 429, "answered HTTP 429" + (retryAfter > 0 ? ", Retry-After " + retryAfter + " s" : ""), null);
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
