package org.llmlb.balancer.endpoints.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.llmlb.balancer.cache.control.ResponseCache;
import org.llmlb.balancer.health.control.EndpointHealth;
import org.llmlb.balancer.models.control.ModelCatalog;
import org.llmlb.balancer.routing.control.Upstreams;
import org.llmlb.balancer.routing.control.Router;
import org.llmlb.balancer.routing.entity.Affinity;
import org.llmlb.balancer.routing.entity.RoutingMode;
import org.llmlb.balancer.settings.control.Settings;
import org.llmlb.balancer.incoming.control.IncomingBlocks;
import org.llmlb.balancer.incoming.control.IncomingStore;
import org.llmlb.balancer.tokens.control.ClientTokens;
import org.llmlb.balancer.tokens.control.TokenStore;

/** Loads the stored configuration into the in-memory routing table, at start and after each change. */
@ApplicationScoped
public class LiveConfiguration {

    public static final String ROUTING_MODE = "routing_mode";
    public static final String AFFINITY = "affinity";

    @Inject
    EndpointStore store;

    @Inject
    Upstreams upstreams;

    @Inject
    Settings settings;

    @Inject
    ModelCatalog catalog;

    @Inject
    Router router;

    @Inject
    EndpointHealth health;

    @Inject
    TokenStore tokenStore;

    @Inject
    ClientTokens clientTokens;

    @Inject
    IncomingStore incomingStore;

    @Inject
    IncomingBlocks incomingBlocks;

    @Inject
    ResponseCache cache;

    public void load() {
        upstreams.mode(settings.get(ROUTING_MODE).flatMap(RoutingMode::parse).orElse(RoutingMode.PERCENTAGE));
        router.affinity(settings.get(AFFINITY).flatMap(Affinity::parse).orElse(Affinity.NONE));
        reload();
        tokensChanged();
        blocksChanged();
    }

    public void tokensChanged() {
        clientTokens.replace(tokenStore.all());
    }

    public void blocksChanged() {
        incomingBlocks.replace(incomingStore.all());
        cache.clear();
    }

    /** A changed routing table may answer differently: cached answers go with the old one. */
    public void reload() {
        upstreams.replace(store.all());
        cache.clear();
    }

    /** After an endpoint was created or changed: routing sees it now, its models shortly. */
    public void changed(long endpointId) {
        reload();
        catalog.discoverSoon(endpointId);
    }

    public void removed(long endpointId) {
        catalog.forget(endpointId);
        health.forget(endpointId);
        reload();
    }

    public void mode(RoutingMode mode) {
        settings.put(ROUTING_MODE, mode.wire());
        upstreams.mode(mode);
    }

    public void affinity(Affinity affinity) {
        settings.put(AFFINITY, affinity.wire());
        router.affinity(affinity);
    }
}
