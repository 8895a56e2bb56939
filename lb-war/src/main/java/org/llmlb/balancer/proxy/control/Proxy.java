package org.llmlb.balancer.proxy.control;

import java.time.Clock;
import java.util.concurrent.ThreadFactory;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.llmlb.balancer.health.control.EndpointHealth;
import org.llmlb.balancer.http.control.UpstreamClients;
import org.llmlb.balancer.routing.control.Router;
import org.llmlb.balancer.routing.entity.Scope;
import org.llmlb.balancer.stats.control.RequestMetrics;
import org.llmlb.balancer.stats.control.Statistics;
import org.llmlb.balancer.tokens.control.TokenUsage;
import org.llmlb.client.http.UpstreamClient;

/**
 * Entry to the hot path: one {@link Failover} per proxied request, driven by events, on a fixed
 * set of threads however many requests are open (the upstream client's I/O threads and one
 * timer thread, besides the server's own).
 */
@ApplicationScoped
public class Proxy {

    @Inject
    Router router;

    @Inject
    Statistics statistics;

    @Inject
    RequestMetrics metrics;

    @Inject
    EndpointHealth health;

    @Inject
    Clock clock;

    @Inject
    UpstreamClients clients;

    @Resource
    ManagedThreadFactory threads;

    UpstreamClient client;
    Deadlines deadlines;
    /** Tests start a proxy with a client of its own, which it then closes. */
    private boolean ownClient;

    /** Receives a non-streaming 200 answer, e.g. for the response cache. */
    public interface AnswerSink {
        void answered(String contentType, String endpoint, byte[] body);
    }

    @PostConstruct
    void start() {
        client = clients.client();
        startDeadlines(threads);
    }

    void start(ThreadFactory threadFactory, int upstreamThreads, int maxIdlePerEndpoint) {
        client = UpstreamClients.create(threadFactory, upstreamThreads, maxIdlePerEndpoint);
        ownClient = true;
        startDeadlines(threadFactory);
    }

    private void startDeadlines(ThreadFactory threadFactory) {
        deadlines = new Deadlines(router::serveWaiters);
        deadlines.start(threadFactory);
    }

    @PreDestroy
    void stop() {
        deadlines.stop();
        if (ownClient) {
            client.close();
        }
    }

    /**
     * Starts forwarding; returns at once, the rest happens as the upstream and the client allow.
     *
     * @param usage      the client token's usage to add to, or null
     * @param sink       gets the non-streaming 200 answer, or null
     * @param startNanos when the request arrived, for the metrics and the overhead header
     */
    public void forward(Downstream client, String operation, byte[] body, OpenAiRequest request, Scope scope,
                        String requestId, TokenUsage usage, AnswerSink sink, long startNanos) {
        forward(client, operation, body, request, scope, requestId, usage, sink, startNanos, null);
    }

    /** @param sessionHeader the value of the affinity header ({@code LB_AFFINITY_HEADER}), or null */
    public void forward(Downstream client, String operation, byte[] body, OpenAiRequest request, Scope scope,
                        String requestId, TokenUsage usage, AnswerSink sink, long startNanos, String sessionHeader) {
        Failover failover = new Failover(this, client, operation, body, request, scope, requestId, usage, sink,
                startNanos, sessionHeader);
        client.mailbox().execute(failover::start);
    }

    /** Proxied requests open now, for diagnostics. */
    public int open() {
        return deadlines.open();
    }
}
