package org.llmlb.balancer.proxy.control;

import java.io.IOException;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.balancer.routing.control.Router;
import org.llmlb.balancer.routing.entity.Scope;
import org.llmlb.balancer.stats.control.RequestMetrics;
import org.llmlb.balancer.stats.control.Statistics;
import org.llmlb.balancer.tokens.control.TokenUsage;

/** Entry to the hot path: one exchange per proxied request, run on the request's thread. */
@ApplicationScoped
public class Proxy {

    public static final String VERSION = "4.0.0";

    @Inject
    Router router;

    @Inject
    Http1Client client;

    @Inject
    Statistics statistics;

    @Inject
    RequestMetrics metrics;

    @Inject
    Clock clock;

    /** Receives a non-streaming 200 answer, e.g. for the response cache. */
    public interface AnswerSink {
        void answered(String contentType, String endpoint, byte[] body);
    }

    /**
     * @param usage the client token's usage to add to, or null
     * @param sink  gets the non-streaming 200 answer, or null
     */
    public void forward(HttpServletResponse response, String operation, byte[] body, OpenAiRequest request,
                        Scope scope, String requestId, TokenUsage usage, AnswerSink sink) throws IOException {
        new ProxyExchange(this, response, operation, body, request, scope, requestId, usage, sink).run();
    }
}
