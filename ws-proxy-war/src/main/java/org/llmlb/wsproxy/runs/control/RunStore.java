package org.llmlb.wsproxy.runs.control;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.BiConsumer;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmlb.client.http.UpstreamClient;
import org.llmlb.wsproxy.engine.control.Engine;
import org.llmlb.wsproxy.engine.control.EngineCpu;
import org.llmlb.wsproxy.engine.control.LoadRun;
import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.engine.entity.RequestRecord;

/**
 * The runs of this instance and the engine they share: the non-blocking client's I/O threads
 * and one scheduler thread, however many requests are open.
 */
@ApplicationScoped
public class RunStore {

    // Optional, as AllowList's: in an EAR the server checks injection points with the EAR's class
    // loader, which does not see this WAR's microprofile-config.properties (the defaults there
    // apply when the WAR is deployed on its own, as ./run.sh and the tests do)
    @Inject
    @ConfigProperty(name = "producer.engine.io.threads")
    Optional<Integer> ioThreads;

    @Inject
    @ConfigProperty(name = "producer.engine.max.keepalive")
    Optional<Integer> maxKeepAlive;

    @Inject
    @ConfigProperty(name = "producer.engine.request.timeout.seconds")
    Optional<Integer> requestTimeoutSeconds;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Clock clock;

    @Inject
    AllowList allowList;

    private final Map<String, LoadRun> runs = new ConcurrentHashMap<>();
    private ScheduledThreadPoolExecutor scheduler;
    private UpstreamClient client;
    private Engine engine;

    @PostConstruct
    void init() {
        EngineCpu cpu = new EngineCpu(threads);
        scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = cpu.newThread(runnable);
            t.setName("load-scheduler");
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        int configured = ioThreads.orElse(0);
        int io = configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        client = new UpstreamClient(cpu, io, maxKeepAlive.orElse(10_000), Duration.ofSeconds(10));
        engine = new Engine(client, scheduler, cpu, Duration.ofSeconds(requestTimeoutSeconds.orElse(300)));
    }

    @PreDestroy
    void shutdown() {
        runs.values().forEach(LoadRun::stop);
        scheduler.shutdownNow();
        client.close();
    }

    public LoadRun start(Card card) {
        LoadRun run = create(card, (id, record) -> { });
        run.start();
        return run;
    }

    /**
     * A run that is known by its id but not yet started, so a watcher can be told about it before
     * its first record arrives; the caller starts it.
     */
    public LoadRun create(Card card, BiConsumer<String, RequestRecord> observer) {
        allowList.check(URI.create(card.baseUrl()));
        if (card.signalsUrl() != null) {
            allowList.check(URI.create(card.signalsUrl()));
        }
        LoadRun run = new LoadRun(UUID.randomUUID().toString(), card, clock, engine, observer);
        runs.put(run.id(), run);
        return run;
    }

    public LoadRun find(String id) {
        LoadRun run = runs.get(id);
        if (run == null) {
            throw new UnknownRunException(id);
        }
        return run;
    }

    /** Every run this instance knows, oldest first. */
    public List<LoadRun> all() {
        return runs.values().stream().sorted(Comparator.comparing(LoadRun::createdAt)).toList();
    }

    public LoadRun stop(String id) {
        LoadRun run = find(id);
        run.stop();
        return run;
    }
}
