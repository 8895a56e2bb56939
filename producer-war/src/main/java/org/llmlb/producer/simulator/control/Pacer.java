package org.llmlb.producer.simulator.control;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs token writes at their due time on a few shared threads, so a thousand streams waiting
 * for their next token (or for a free slot) hold no thread at all. The threads come from the
 * container's {@link ManagedThreadFactory} so tasks see the application's context (class loader, JNDI).
 */
@ApplicationScoped
public class Pacer implements Scheduler {

    @Resource
    ManagedThreadFactory threads;

    private ScheduledThreadPoolExecutor executor;

    @PostConstruct
    void start() {
        // writes block only while the socket buffer is full; a few threads cover many slow readers
        executor = new ScheduledThreadPoolExecutor(Math.max(2, Runtime.getRuntime().availableProcessors()), threads);
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void at(long dueNanos, Runnable task) {
        executor.schedule(task, Math.max(0, dueNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
