package org.llmlb.balancer.http.control;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.client.http.UpstreamClient;

/**
 * The one non-blocking HTTP client every call to an endpoint goes through, proxied or not (model
 * discovery too): keep-alive pools per endpoint on a few I/O threads of the server's.
 */
@ApplicationScoped
public class UpstreamClients {

    @Inject
    @ConfigProperty(name = "lb.max.keepalive")
    int maxIdlePerEndpoint;

    @Inject
    @ConfigProperty(name = "lb.upstream.io.threads")
    int ioThreads;

    @Resource
    ManagedThreadFactory threads;

    private UpstreamClient client;

    @PostConstruct
    void start() {
        client = create(threads, ioThreads, maxIdlePerEndpoint);
    }

    /** @param ioThreads 0: half the processors, at least one */
    public static UpstreamClient create(ThreadFactory threadFactory, int ioThreads, int maxIdlePerEndpoint) {
        int io = ioThreads > 0 ? ioThreads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new UpstreamClient(threadFactory, io, maxIdlePerEndpoint, Duration.ofSeconds(10));
    }

    public UpstreamClient client() {
        return client;
    }

    @PreDestroy
    void stop() {
        client.close();
    }
}
