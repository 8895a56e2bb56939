package org.llmlb.balancer.models.control;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.balancer.health.control.Causes;
import org.llmlb.balancer.health.entity.Discovery;
import org.llmlb.balancer.http.control.UpstreamClients;
import org.llmlb.balancer.routing.control.Upstreams;
import org.llmlb.balancer.routing.entity.EndpointChanged;
import org.llmlb.balancer.routing.entity.EndpointRemoved;
import org.llmlb.balancer.routing.entity.EndpointsReplaced;
import org.llmlb.balancer.routing.entity.Scope;
import org.llmlb.balancer.routing.entity.Upstream;
import org.llmlb.client.http.UpstreamRequest;

/**
 * Which models each endpoint serves, discovered from its {@code /models} when it is created or
 * changed and then periodically. Discovery is not proxied traffic and is not counted as such.
 */
@ApplicationScoped
public class ModelCatalog {

    private static final Logger LOG = Logger.getLogger(ModelCatalog.class.getName());

    @Inject
    Upstreams upstreams;

    @Inject
    Clock clock;

    /** Its upstream client: discovery takes no thread while it waits for an endpoint. */
    @Inject
    UpstreamClients clients;

    @Inject
    @ConfigProperty(name = "lb.models.refresh.seconds")
    long refreshSeconds;

    @Resource
    ManagedThreadFactory threads;

    private ScheduledExecutorService scheduler;

    private static final long TIMEOUT_MILLIS = 5_000;

    private final Map<Long, List<JsonObject>> listed = new ConcurrentHashMap<>();
    private final Map<Long, Discovery> discoveries = new ConcurrentHashMap<>();
    /** Moves after every change of {@link #listed}, so ready answers know they are stale. */
    private final AtomicLong version = new AtomicLong();
    private final ModelLists answers = new ModelLists();
    private final LongFunction<List<JsonObject>> listedFor = this::listed;

    /**
     * Own pool on the server's managed threads: the default managed scheduler runs one task at a
     * time, and one endpoint that does not answer would hold up everything else scheduled there.
     */
    public void startRefreshing() {
        scheduler = Executors.newScheduledThreadPool(4, threads);
        scheduler.scheduleWithFixedDelay(this::discoverAll, 0, Math.max(1, refreshSeconds), TimeUnit.SECONDS);
    }

    public void discoverAll() {
        if (listed.keySet().retainAll(upstreams.all().stream().map(Upstream::id).toList())) {
            version.incrementAndGet();
        }
        // one task per endpoint, so one slow endpoint does not hold up the others
        upstreams.all().forEach(u -> scheduler.execute(() -> discover(u)));
    }

    /** After a change: what was known is void (the URL may differ); the new list comes shortly. */
    public void discoverSoon(long endpointId) {
        forget(endpointId);
        if (scheduler != null) {
            upstreams.byId(endpointId).ifPresent(u -> scheduler.execute(() -> discover(u)));
        }
    }

    /** After routing took the change ({@code @Priority} default: later than routing's). */
    void changed(@Observes EndpointChanged event) {
        discoverSoon(event.endpoint().id());
    }

    void removed(@Observes EndpointRemoved event) {
        forget(event.endpointId());
    }

    /** An import: every list may differ. At start-up nothing is discovered yet; {@link #startRefreshing} does. */
    void replaced(@Observes EndpointsReplaced event) {
        event.endpoints().forEach(e -> discoverSoon(e.id()));
    }

    @PreDestroy
    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    public void forget(long endpointId) {
        discoveries.remove(endpointId);
        if (listed.remove(endpointId) != null) {
            version.incrementAndGet();
        }
        upstreams.byId(endpointId).ifPresent(u -> u.state().models(null));
    }

    void discover(Upstream upstream) {
        UpstreamRequest get;
        try {
            get = UpstreamRequest.get(upstream.baseUri(), "/models", ModelsCall.headers(upstream), upstream.verifyTls());
        } catch (IllegalArgumentException unusable) {
            discovered(upstream, failed(null, "config", "base_url cannot be requested: "
                    + Causes.cut(String.valueOf(unusable.getMessage())), null));
            return;
        }
        ModelsCall.send(clients.client(), get, scheduler, TIMEOUT_MILLIS, outcome -> answered(upstream, outcome));
    }

    /** On the scheduler: what the endpoint's {@code /models} said, as models and as a discovery status. */
    void answered(Upstream upstream, ModelsCall.Outcome outcome) {
        if (!outcome.answered()) {
            discovered(upstream, failed(null, outcome.kind(), outcome.detail(), null));
            return;
        }
        if (outcome.status() != 200) {
            discovered(upstream, failed(outcome.status(), "http", "answered HTTP " + outcome.status()
                    + bodyStart(outcome.body()), hint(upstream, outcome.status())));
            return;
        }
        JsonValue data;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(outcome.body()))) {
            JsonValue answer = reader.readValue();
            data = answer instanceof JsonObject object ? object.get("data") : null;
        } catch (RuntimeException notJson) {
            discovered(upstream, failed(200, "malformed", "answered 200 but not with JSON ("
                    + (outcome.contentType() == null ? "no Content-Type" : "Content-Type " + outcome.contentType())
                    + ")" + bodyStart(outcome.body()), hint(upstream, 200)));
            return;
        }
        if (data == null || data.getValueType() != JsonValue.ValueType.ARRAY) {
            discovered(upstream, failed(200, "malformed", "answered JSON without a \"data\" array"
                    + bodyStart(outcome.body()), hint(upstream, 200)));
            return;
        }
        List<JsonObject> models = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (JsonValue entry : data.asJsonArray()) {
            if (entry instanceof JsonObject model && model.get("id") instanceof JsonString id) {
                models.add(model);
                ids.add(id.getString());
            }
        }
        if (current(upstream)) {
            known(upstream, models, ids);
        }
        discovered(upstream, new Discovery("ok", now(), 200, null, models.isEmpty()
                ? "the endpoint lists no models: requests naming a model cannot be routed to it by model" : null,
                models.size()));
    }

    private Discovery failed(Integer status, String kind, String detail, String hint) {
        return new Discovery("failed", now(), status, kind + ": " + detail, hint, null);
    }

    /** What a failed discovery likely means about the configuration, or null. */
    static String hint(Upstream upstream, int status) {
        String path = upstream.baseUri().getPath() == null ? "" : upstream.baseUri().getPath();
        boolean v1 = path.endsWith("/v1") || path.endsWith("/v1/");
        if ((status == 404 || status == 200) && !v1) {
            return "base_url does not end in /v1: OpenAI-compatible servers (vLLM, the simulator) serve /v1/models"
                    + " and /v1/chat/completions, so try " + withV1(upstream.baseUri().toString());
        }
        if (status == 401 || status == 403) {
            return "the endpoint refused the credentials: check its api_key";
        }
        return null;
    }

    private static String withV1(String url) {
        return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/v1";
    }

    private static String bodyStart(byte[] body) {
        String start = Causes.bodyStart(body, body == null ? 0 : body.length);
        return start == null ? "" : ": " + start;
    }

    private String now() {
        return Instant.ofEpochMilli(clock.millis()).toString();
    }

    /** The endpoint still has the URL and key it was asked with (a change meanwhile asks again). */
    private boolean current(Upstream asked) {
        return upstreams.byId(asked.id())
                .filter(u -> u.baseUri().equals(asked.baseUri()) && Objects.equals(u.apiKey(), asked.apiKey()))
                .isPresent();
    }

    private void discovered(Upstream upstream, Discovery discovery) {
        if (!current(upstream)) {
            return;
        }
        Discovery before = discoveries.put(upstream.id(), discovery);
        boolean changed = before == null || before.ok() != discovery.ok()
                || !Objects.equals(before.httpStatus(), discovery.httpStatus()) || !sameKind(before, discovery);
        if (changed && !discovery.ok()) {
            LOG.warning(() -> "endpoint '" + upstream.name() + "' (id " + upstream.id() + "): model discovery at "
                    + upstream.baseUri() + "/models failed, " + discovery.error()
                    + (discovery.hint() == null ? "" : "; " + discovery.hint()));
        } else if (changed && before != null && !before.ok() && before != Discovery.PENDING) {
            LOG.info(() -> "endpoint '" + upstream.name() + "' (id " + upstream.id() + "): model discovery works again, "
                    + discovery.models() + " models");
        }
    }

    /** Same kind of failure (the text after the kind may differ from one attempt to the next). */
    private static boolean sameKind(Discovery a, Discovery b) {
        String ka = a.error() == null ? "" : a.error().split(":", 2)[0];
        String kb = b.error() == null ? "" : b.error().split(":", 2)[0];
        return ka.equals(kb);
    }

    /** The endpoint's last model discovery. */
    public Discovery discovery(long endpointId) {
        return discoveries.getOrDefault(endpointId, Discovery.PENDING);
    }

    /** The periodic refresh finds the same list again and again: only a different one is a change. */
    void known(Upstream upstream, List<JsonObject> models, Set<String> ids) {
        if (!models.equals(listed.put(upstream.id(), List.copyOf(models)))) {
            version.incrementAndGet();
        }
        // an empty list says more about the upstream's /models than about what it serves
        upstream.state().models(ids.isEmpty() ? null : Set.copyOf(ids));
    }

    /** Union of models of the enabled endpoints the scope reaches that are not cooling down. */
    public List<JsonObject> available(Scope scope) {
        return ModelLists.union(scope, upstreams.all(), clock.millis(), listedFor);
    }

    /** {@code {"object":"list","data":[…available(scope)]}} as ready bytes, built again only after a change. */
    public byte[] json(Scope scope) {
        // read before the lists: a list that changes meanwhile makes the next request build again
        long version = this.version.get();
        return answers.json(scope, upstreams.all(), version, clock.millis(), listedFor);
    }

    private List<JsonObject> listed(long endpointId) {
        return listed.getOrDefault(endpointId, List.of());
    }

    public List<String> modelIds(long endpointId) {
        List<JsonObject> models = listed.get(endpointId);
        return models == null ? null : models.stream().map(m -> m.getString("id", "")).toList();
    }
}
