package org.llmlb.balancer.models.control;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.client.ClientRequestFilter;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.llmlb.client.http.Tls;
import org.llmlb.balancer.routing.control.Upstreams;
import org.llmlb.balancer.routing.entity.Scope;
import org.llmlb.balancer.routing.entity.Upstream;

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

    @Inject
    @ConfigProperty(name = "lb.models.refresh.seconds")
    long refreshSeconds;

    @Resource
    ManagedThreadFactory threads;

    private ScheduledExecutorService scheduler;

    private final Map<Long, List<JsonObject>> listed = new ConcurrentHashMap<>();
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

    @PreDestroy
    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    public void forget(long endpointId) {
        if (listed.remove(endpointId) != null) {
            version.incrementAndGet();
        }
        upstreams.byId(endpointId).ifPresent(u -> u.state().models(null));
    }

    void discover(Upstream upstream) {
        try {
            RestClientBuilder builder = RestClientBuilder.newBuilder()
                    .baseUri(upstream.baseUri())
                    .connectTimeout(3, TimeUnit.SECONDS)
                    .readTimeout(5, TimeUnit.SECONDS);
            String key = upstream.apiKey();
            if (key != null && !key.isEmpty()) {
                builder.register((ClientRequestFilter) request ->
                        request.getHeaders().putSingle("Authorization", "Bearer " + key));
            }
            if (!upstream.verifyTls()) {
                builder.sslContext(Tls.trusting()).hostnameVerifier((host, session) -> true);
            }
            JsonObject answer = builder.build(ModelsApi.class).list();
            List<JsonObject> models = new ArrayList<>();
            Set<String> ids = new LinkedHashSet<>();
            JsonValue data = answer.get("data");
            if (data != null && data.getValueType() == JsonValue.ValueType.ARRAY) {
                for (JsonValue entry : data.asJsonArray()) {
                    if (entry instanceof JsonObject model && model.get("id") != null) {
                        models.add(model);
                        ids.add(model.getString("id", ""));
                    }
                }
            }
            known(upstream, models, ids);
        } catch (RuntimeException unreachable) {
            LOG.fine(() -> "model discovery failed for endpoint " + upstream.id() + ": " + unreachable.getClass().getSimpleName());
        }
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
