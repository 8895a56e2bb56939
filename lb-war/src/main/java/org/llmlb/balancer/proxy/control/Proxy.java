package org.llmlb.balancer.proxy.control;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;

import org.llmlb.balancer.routing.control.Router;
import org.llmlb.balancer.routing.entity.Scope;
import org.llmlb.balancer.stats.control.Statistics;

/** Entry to the hot path: starts one exchange per proxied request. */
@ApplicationScoped
public class Proxy {

    public static final String VERSION = "4.0.0";

    @Inject
    Router router;

    @Inject
    UpstreamClients clients;

    @Inject
    Statistics statistics;

    @Inject
    Clock clock;

    public void forward(AsyncContext async, HttpServletResponse response, String operation, byte[] body,
                        OpenAiRequest request, Scope scope, String requestId) {
        new ProxyExchange(this, async, response, operation, body, request, scope, requestId).start();
    }
}
