package org.llmlb.balancer.proxy.boundary;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.Balancer;
import org.llmlb.balancer.health.control.Drain;
import org.llmlb.balancer.http.boundary.BodyReader;
import org.llmlb.balancer.http.boundary.ResponseHeadersFilter;
import org.llmlb.balancer.incoming.control.IncomingBlocks;
import org.llmlb.balancer.models.control.ModelCatalog;
import org.llmlb.balancer.problems.boundary.ProblemWriter;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;
import org.llmlb.balancer.proxy.control.ClientConnections;
import org.llmlb.balancer.proxy.control.Mailbox;
import org.llmlb.balancer.proxy.control.OpenAiRequest;
import org.llmlb.balancer.proxy.control.Proxy;
import org.llmlb.balancer.proxy.control.ResponseCache;
import org.llmlb.balancer.routing.entity.Scope;
import org.llmlb.balancer.stats.control.CacheCounters;
import org.llmlb.balancer.stats.control.RequestMetrics;
import org.llmlb.balancer.tokens.control.Caller;
import org.llmlb.balancer.tokens.control.ClientTokens;

/**
 * The OpenAI-compatible face: {@code /v1/[pool/]chat/completions}, {@code completions},
 * {@code embeddings} and {@code models}. A plain servlet rather than JAX-RS: it is the hot path.
 * Requests that go upstream run in async mode: the body is read, the answer relayed, without a
 * thread held in between (see {@link ClientChannel} and {@code Failover}), so open requests are
 * not bounded by the server's thread pool.
 */
@WebServlet(urlPatterns = "/v1/*", asyncSupported = true)
public class ProxyServlet extends HttpServlet {

    @Inject
    @ConfigProperty(name = "lb.affinity.header")
    String affinityHeader;

    @Inject
    Proxy proxy;

    @Inject
    ClientTokens clientTokens;

    @Inject
    ModelCatalog catalog;

    @Inject
    IncomingBlocks incomingBlocks;

    @Inject
    ResponseCache cache;

    @Inject
    Drain drain;

    @Inject
    CacheCounters cacheCounters;

    @Inject
    RequestMetrics metrics;

    @Inject
    @ConfigProperty(name = "lb.max.request.body.bytes")
    long maxBodyBytes;

    @Inject
    @ConfigProperty(name = "lb.max.connections")
    long maxOpen;

    /** From the start of the read to the body's last byte (LB_CLIENT_BODY_TIMEOUT_SECONDS). */
    @Inject
    @ConfigProperty(name = "lb.client.body.timeout.seconds")
    long bodyTimeoutSeconds;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (drain.draining()) {
            refuse(response, new ProblemException(Problem.DRAINING, "The balancer is shutting down"));
            return;
        }
        long start = System.nanoTime();
        try {
            ProxyPath path = ProxyPath.parse(request.getPathInfo());
            if (path == null) {
                throw new ProblemException(Problem.NOT_FOUND, "Unknown path " + safe(request.getRequestURI()));
            }
            Caller caller = clientTokens.authenticate(request.getHeader("Authorization"))
                    .orElseThrow(() -> new ProblemException(Problem.UNAUTHORIZED, "Missing or invalid client token"));
            Scope scope = incomingBlocks.resolve(path.pool(), caller.incomingBlockId());
            if (path.operation().equals(ProxyPath.MODELS)) {
                expect(request, "GET");
                models(response, scope);
                return;
            }
            expect(request, "POST");
            if (request.getContentLengthLong() > maxBodyBytes) {
                throw tooLarge();
            }
            if (drain.inflight() >= maxOpen) {
                throw new ProblemException(Problem.ALL_ENDPOINTS_BUSY,
                        "The balancer is at its limit of " + maxOpen + " open requests", List.of(), 1);
            }
            forward(request, response, path, scope, caller, start);
        } catch (ProblemException problem) {
            refuse(response, problem);
        }
    }

    private void forward(HttpServletRequest request, HttpServletResponse response, ProxyPath path, Scope scope,
                         Caller caller, long start) throws IOException {
        String requestId = (String) request.getAttribute(ResponseHeadersFilter.REQUEST_ID);
        String session = request.getHeader(affinityHeader);
        boolean cacheable = cache.enabled() && !bypassesCache(request);
        long connection = request.getLocalPort() > 0 && request.getRemotePort() > 0
                ? ClientConnections.key(request.getLocalPort(), request.getRemotePort()) : 0;
        byte[] whole = h2cUpgrade(request) ? BodyReader.readBlocking(request.getInputStream(), maxBodyBytes)
                : BodyReader.alreadyHere(request.getInputStream(), request.getContentLengthLong());
        drain.enter();
        ClientChannel channel = ClientChannel.start(request, response, connection, drain::exit);
        Mailbox mailbox = channel.mailbox();
        if (whole != null) {
            mailbox.execute(() -> received(channel, path, scope, caller, requestId, session, cacheable, whole, start));
            return;
        }
        BodyReader.read(request.getInputStream(), maxBodyBytes, request.getContentLengthLong(),
                Duration.ofSeconds(bodyTimeoutSeconds),
                body -> mailbox.execute(() -> received(channel, path, scope, caller, requestId, session, cacheable, body, start)),
                refused -> mailbox.execute(() -> channel.fail(refused)),
                () -> mailbox.execute(channel::abandon));
    }

    /**
     * The first request of a cleartext HTTP/2 connection, sent as HTTP/1.1 with {@code Upgrade: h2c}
     * and upgraded by the server. The balancer's own boot configuration turns HTTP/2 off, but on
     * a server where it is on, Grizzly fails when that body is read without blocking and has not
     * fully arrived (it ends the upgraded stream early and drops the connection), so that one body
     * is read the blocking way.
     */
    private static boolean h2cUpgrade(HttpServletRequest request) {
        return "HTTP/2.0".equals(request.getProtocol()) && "h2c".equalsIgnoreCase(request.getHeader("Upgrade"));
    }

    /** In the request's mailbox, once the whole body is there. */
    private void received(ClientChannel channel, ProxyPath path, Scope scope, Caller caller, String requestId,
                          String session, boolean cacheable, byte[] body, long start) {
        OpenAiRequest parsed;
        try {
            parsed = OpenAiRequest.parse(body);
        } catch (ProblemException invalid) {
            metrics.finished(invalid.problem.status, System.nanoTime() - start);
            channel.fail(invalid);
            return;
        }
        Proxy.AnswerSink sink = null;
        if (!parsed.stream() && cacheable) {
            String key = ResponseCache.key(scope.key(), path.operation(), body);
            ResponseCache.Answer hit = cache.get(key);
            if (hit != null) {
                cacheCounters.hit();
                metrics.finished(200, System.nanoTime() - start);
                channel.cached(hit);
                return;
            }
            cacheCounters.miss();
            channel.cacheMiss();
            sink = (contentType, endpoint, answer) -> cache.put(key, contentType, endpoint, answer);
        }
        proxy.forward(channel, path.operation(), body, parsed, scope, requestId, caller.usage(), sink, start, session);
    }

    private static void refuse(HttpServletResponse response, ProblemException problem) throws IOException {
        response.setHeader("X-LB-Version", Balancer.VERSION);
        ProblemWriter.write(response, problem);
    }

    private static boolean bypassesCache(HttpServletRequest request) {
        String control = request.getHeader("Cache-Control");
        return control != null && (control.contains("no-cache") || control.contains("no-store"));
    }

    private static void expect(HttpServletRequest request, String method) {
        if (!method.equals(request.getMethod())) {
            throw new ProblemException(Problem.METHOD_NOT_ALLOWED, "Use " + method + " for this path");
        }
    }

    private ProblemException tooLarge() {
        return new ProblemException(Problem.PAYLOAD_TOO_LARGE,
                "The request body exceeds " + maxBodyBytes + " bytes");
    }

    private void models(HttpServletResponse response, Scope scope) throws IOException {
        byte[] json = catalog.json(scope);
        response.setHeader("X-LB-Version", Balancer.VERSION);
        response.setContentType("application/json");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    private static String safe(String uri) {
        return uri.length() > 200 ? uri.substring(0, 200) : uri;
    }
}
