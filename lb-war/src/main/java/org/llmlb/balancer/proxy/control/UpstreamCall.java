package org.llmlb.balancer.proxy.control;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;

import javax.net.ssl.SSLException;

import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;
import org.llmlb.balancer.routing.control.Lease;
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
            ProblemException problem = new ProblemException(Problem.UPSTREAM_ERROR,
                    "Endpoint '" + upstream.name() + "' has a configuration that cannot be sent upstream");
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
                "User-Agent", Proxy.USER_AGENT, "Authorization", "Bearer " + key}
                : new String[]{"Content-Type", "application/json", "Accept", accept, "X-Request-ID", requestId,
                "User-Agent", Proxy.USER_AGENT};
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
        ProblemException problem = classify(error);
        request.mailbox().execute(() -> request.failed(this, problem));
    }

    ProblemException timedOut() {
        return new ProblemException(Problem.UPSTREAM_TIMEOUT, "Endpoint '" + upstream.name() + "' timed out");
    }

    /** What the client may read about the failure: the kind of it, never exception text. */
    ProblemException classify(Throwable error) {
        String name = "Endpoint '" + upstream.name() + "'";
        if (error instanceof SocketTimeoutException) {
            return new ProblemException(Problem.UPSTREAM_TIMEOUT, name + " timed out connecting");
        }
        String what;
        if (error instanceof ConnectException) {
            what = " is unreachable (connection refused)";
        } else if (error instanceof UnknownHostException) {
            what = " is unreachable (unknown host)";
        } else if (error instanceof SSLException) {
            what = " failed the TLS handshake";
        } else if (error instanceof EOFException) {
            what = " closed the connection";
        } else {
            what = " failed";
        }
        return new ProblemException(Problem.UPSTREAM_ERROR, name + what);
    }

    /** A 5xx or 429 answer: the endpoint's failure; a 429 with {@code Retry-After} also keeps it out that long. */
    ProblemException rejected(ResponseHead head, long nowMillis) {
        int status = head.status();
        if (status != 429) {
            return new ProblemException(Problem.UPSTREAM_ERROR, "Endpoint '" + upstream.name() + "' answered " + status);
        }
        long retryAfter = seconds(head.header("retry-after"));
        if (retryAfter > 0) {
            upstream.state().blockUntil(nowMillis + retryAfter * 1000);
        }
        return new ProblemException(Problem.RATE_LIMITED, "Endpoint '" + upstream.name() + "' is rate limited",
                List.of(), Math.max(1, retryAfter));
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
