package org.llmlb.balancer.proxy.boundary;

import java.io.IOException;
import java.io.InputStream;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.cache.control.ResponseCache;
import org.llmlb.balancer.health.control.Drain;
import org.llmlb.balancer.stats.control.CacheCounters;
import org.llmlb.balancer.stats.control.RequestMetrics;
import org.llmlb.balancer.http.boundary.ResponseHeadersFilter;
import org.llmlb.balancer.models.control.ModelCatalog;
import org.llmlb.balancer.problems.boundary.ProblemWriter;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;
import org.llmlb.balancer.proxy.control.OpenAiRequest;
import org.llmlb.balancer.proxy.control.Proxy;
import org.llmlb.balancer.routing.entity.Scope;
import org.llmlb.balancer.tokens.control.Caller;
import org.llmlb.balancer.tokens.control.ClientTokens;
import org.llmlb.balancer.incoming.control.IncomingBlocks;

/**
 * The OpenAI-compatible face: {@code /v1/[pool/]chat/completions}, {@code completions},
 * {@code embeddings} and {@code models}. A plain servlet rather than JAX-RS: it is the hot path.
 * Each request runs on its own thread from start to end (see {@code Http1Client}), so the
 * server's HTTP thread pool bounds the number of requests in flight.
 */
@WebServlet(urlPatterns = "/v1/*", asyncSupported = true)
public class ProxyServlet extends HttpServlet {

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

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (drain.draining()) {
            response.setHeader("X-LB-Version", Proxy.VERSION);
            ProblemWriter.write(response, new ProblemException(Problem.DRAINING, "The balancer is shutting down"));
            return;
        }
        drain.enter();
        try {
            proxy(request, response);
        } finally {
            drain.exit();
        }
    }

    private void proxy(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        try {
            ProxyPath path = ProxyPath.parse(request.getPathInfo());
            if (path == null) {
                throw new ProblemException(Problem.NOT_FOUND, "Unknown path " + safe(request.getRequestURI()));
            }
            Caller caller = clientTokens.authenticate(request.getHeader("Authorization"))
                    .orElseThrow(() -> new ProblemException(Problem.UNAUTHORIZED, "Missing or invalid client token"));
            Scope scope = incomingBlocks.resolve(path.pool(), caller);
            if (path.operation().equals(ProxyPath.MODELS)) {
                expect(request, "GET");
                models(response, scope);
                return;
            }
            expect(request, "POST");
            byte[] body = body(request);
            OpenAiRequest parsed = OpenAiRequest.parse(body);
            String requestId = (String) request.getAttribute(ResponseHeadersFilter.REQUEST_ID);
            Proxy.AnswerSink sink = null;
            if (!parsed.stream() && cache.enabled() && !bypassesCache(request)) {
                String key = ResponseCache.key(scope.key(), path.operation(), body);
                ResponseCache.Answer hit = cache.get(key);
                if (hit != null) {
                    cacheCounters.hit();
                    cached(response, hit);
                    metrics.finished(200, System.nanoTime() - start);
                    return;
                }
                cacheCounters.miss();
                response.setHeader("X-LB-Cache", "MISS");
                sink = (contentType, endpoint, answer) -> cache.put(key, contentType, endpoint, answer);
            }
            proxy.forward(response, path.operation(), body, parsed, scope, requestId, caller.usage(), sink);
        } catch (ProblemException problem) {
            response.setHeader("X-LB-Version", Proxy.VERSION);
            ProblemWriter.write(response, problem);
        }
    }

    private static boolean bypassesCache(HttpServletRequest request) {
        String control = request.getHeader("Cache-Control");
        return control != null && (control.contains("no-cache") || control.contains("no-store"));
    }

    private static void cached(HttpServletResponse response, ResponseCache.Answer hit) throws IOException {
        response.setHeader("X-LB-Cache", "HIT");
        response.setHeader("X-LB-Endpoint", hit.endpoint());
        response.setHeader("X-LB-Version", Proxy.VERSION);
        response.setContentType(hit.contentType() != null ? hit.contentType() : "application/json");
        response.setContentLength(hit.body().length);
        response.getOutputStream().write(hit.body());
    }

    private static void expect(HttpServletRequest request, String method) {
        if (!method.equals(request.getMethod())) {
            throw new ProblemException(Problem.METHOD_NOT_ALLOWED, "Use " + method + " for this path");
        }
    }

    private byte[] body(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                throw tooLarge();
            }
            if (body.length == 0) {
                throw new ProblemException(Problem.INVALID_REQUEST, "A JSON request body is required");
            }
            return body;
        }
    }

    private ProblemException tooLarge() {
        return new ProblemException(Problem.PAYLOAD_TOO_LARGE,
                "The request body exceeds " + maxBodyBytes + " bytes");
    }

    private void models(HttpServletResponse response, Scope scope) throws IOException {
        byte[] json = catalog.json(scope);
        response.setHeader("X-LB-Version", Proxy.VERSION);
        response.setContentType("application/json");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    private static String safe(String uri) {
        return uri.length() > 200 ? uri.substring(0, 200) : uri;
    }
}
