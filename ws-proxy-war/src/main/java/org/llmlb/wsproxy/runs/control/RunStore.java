package org.llmlb.wsproxy.runs.control;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.llmlb.wsproxy.engine.control.LoadRun;
import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.engine.entity.RequestRecord;

/**
 * The runs of this instance and the threads they share. Workers block on HTTP reads, so the
 * pool grows with the load (a queue would delay arrivals and lower the offered rate) and idle
 * threads retire after a minute.
 */
@ApplicationScoped
public class RunStore {

    private static final int MAX_WORKERS = 2048;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Clock clock;

    @Inject
    AllowList allowList;

    private final Map<String, LoadRun> runs = new ConcurrentHashMap<>();
    private ThreadPoolExecutor workers;
    private ScheduledThreadPoolExecutor timer;
    private HttpClient client;

    @PostConstruct
    void init() {
        workers = new ThreadPoolExecutor(0, MAX_WORKERS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
        timer = new ScheduledThreadPoolExecutor(1, threads);
        timer.setRemoveOnCancelPolicy(true);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(workers).build();
    }

    @PreDestroy
    void shutdown() {
        runs.values().forEach(LoadRun::stop);
        timer.shutdownNow();
        workers.shutdownNow();
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
        LoadRun run = new LoadRun(UUID.randomUUID().toString(), card, clock, client, workers, timer, observer);
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

    public LoadRun stop(String id) {
        LoadRun run = find(id);
        run.stop();
        return run;
    }
}
