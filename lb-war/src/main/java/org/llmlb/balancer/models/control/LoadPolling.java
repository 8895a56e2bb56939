package org.llmlb.balancer.models.control;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.http.control.UpstreamClients;
import org.llmlb.balancer.routing.control.Upstreams;
import org.llmlb.balancer.routing.entity.PolledLoad;
import org.llmlb.balancer.routing.entity.Upstream;
import org.llmlb.client.http.UpstreamRequest;

/**
 * Asks every enabled endpoint for its load every {@code LB_LOAD_POLL_MILLIS} (1,000; 0 = never)
 * with vLLM's {@code GET /load} (beside {@code /v1}, as vLLM serves it with {@code
 * --enable-server-load-tracking}), answered {@code {"server_load": n}}: the requests it is busy
 * with from every client, which {@code least_load} takes when it exceeds what this balancer knows.
 * An endpoint that answers anything else (no such path: 404) is asked again only after {@code
 * UNSUPPORTED_BACKOFF_MILLIS}. On its own thread and the upstream client, never on a request's path.
 */
@ApplicationScoped
public class LoadPolling {

    private static final Logger LOG = Logger.getLogger(LoadPolling.class.getName());
    static final long TIMEOUT_MILLIS = 2_000;
    static final long UNSUPPORTED_BACKOFF_MILLIS = 300_000;

    @Inject
    Upstreams upstreams;

    @Inject
    UpstreamClients clients;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "lb.load.poll.millis")
    long intervalMillis;

    @Resource
    ManagedThreadFactory threads;

    private ScheduledExecutorService scheduler;
    /** Endpoint id → when to ask again after an answer that was not a load. */
    private final Map<Long, Long> unsupportedUntil = new ConcurrentHashMap<>();

    public void start() {
        if (intervalMillis <= 0) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(threads);
        scheduler.scheduleWithFixedDelay(this::pollAll, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    void pollAll() {
        long now = clock.millis();
        unsupportedUntil.keySet().retainAll(upstreams.all().stream().map(Upstream::id).toList());
        for (Upstream u : upstreams.all()) {
            if (u.enabled() && now >= unsupportedUntil.getOrDefault(u.id(), 0L)) {
                poll(u);
            }
        }
    }

    /** {@code base_url} without its trailing {@code /v1}: where vLLM serves {@code /load}. */
    static URI serverRoot(URI base) {
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/v1")) {
            path = path.substring(0, path.length() - 3);
        }
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path);
    }

    private void poll(Upstream u) {
        UpstreamRequest get;
        try {
            get = UpstreamRequest.get(serverRoot(u.baseUri()), "/load", ModelsCall.headers(u), u.verifyTls());
        } catch (IllegalArgumentException unusable) {
            unsupportedUntil.put(u.id(), clock.millis() + UNSUPPORTED_BACKOFF_MILLIS);
            return;
        }
        ModelsCall.send(clients.client(), get, scheduler, TIMEOUT_MILLIS, outcome -> answered(u, outcome));
    }

    void answered(Upstream u, ModelsCall.Outcome outcome) {
        if (!outcome.answered()) {
            return; // unreachable or slow: the health of the endpoint says so; ask again next time
        }
        long requests = outcome.status() == 200 ? serverLoad(outcome.body()) : -1;
        if (requests < 0) {
            if (unsupportedUntil.put(u.id(), clock.millis() + UNSUPPORTED_BACKOFF_MILLIS) == null) {
                LOG.fine(() -> "endpoint '" + u.name() + "' (id " + u.id() + ") has no GET /load (HTTP "
                        + outcome.status() + "); asked again in " + UNSUPPORTED_BACKOFF_MILLIS / 1000 + " s");
            }
            return;
        }
        u.state().polledLoad(new PolledLoad(requests, clock.millis()));
    }

    /** {@code {"server_load": n}} → n, or -1 for anything else. */
    static long serverLoad(byte[] body) {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            if (reader.readValue() instanceof JsonObject answer && answer.get("server_load") instanceof JsonNumber n
                    && n.isIntegral() && n.longValue() >= 0) {
                return n.longValue();
            }
        } catch (RuntimeException notJson) {
            // no load
        }
        return -1;
    }
}
