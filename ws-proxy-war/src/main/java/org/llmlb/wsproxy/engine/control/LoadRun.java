package org.llmlb.wsproxy.engine.control;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.engine.entity.LoadProfile;
import org.llmlb.wsproxy.engine.entity.RequestRecord;
import org.llmlb.wsproxy.engine.entity.RunState;
import org.llmlb.wsproxy.engine.entity.Second;
import org.llmlb.wsproxy.engine.entity.Summary;

/**
 * One card being executed. Rate, ramp and burst profiles are open loop: a timer starts each
 * request at its due time on the worker pool, however long earlier ones take. Concurrency
 * profiles are closed loop: each worker sends its next request when its last one ends.
 */
public final class LoadRun {

    private final String id;
    private final Card card;
    private final Clock clock;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final ChatCall call;
    private final RunMetrics metrics;
    private final IntervalMetrics interval = new IntervalMetrics();
    private final BiConsumer<String, RequestRecord> observer;
    private final AtomicReference<RunState> state = new AtomicReference<>(RunState.RUNNING);
    private final AtomicLong offered = new AtomicLong();
    /** Open requests plus one for the dispatcher, so the run cannot end while still dispatching. */
    private final AtomicInteger pending = new AtomicInteger(1);
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Written last in {@link #start}, so a reader that sees it also sees the nanosecond origin. */
    private volatile Instant started;
    private volatile Instant ended;
    private long startNanos;
    private long deadlineNanos;

    public LoadRun(String id, Card card, Clock clock, HttpClient client, ExecutorService workers,
                   ScheduledExecutorService timer) {
        this(id, card, clock, client, workers, timer, (run, record) -> { });
    }

    /** {@code observer} sees each request's record (with the run's id) on the worker that made it. */
    public LoadRun(String id, Card card, Clock clock, HttpClient client, ExecutorService workers,
                   ScheduledExecutorService timer, BiConsumer<String, RequestRecord> observer) {
        this.observer = observer;
        this.id = id;
        this.card = card;
        this.clock = clock;
        this.workers = workers;
        this.timer = timer;
        this.call = new ChatCall(client, card, clock);
        this.metrics = new RunMetrics(card.slo());
    }

    /** Starts sending; a run may be announced to its watchers before, and then reports zeroes. */
    public void start() {
        startNanos = System.nanoTime();
        deadlineNanos = card.durationSeconds() == null ? Long.MAX_VALUE
                : startNanos + Math.round(card.durationSeconds() * 1e9);
        started = clock.instant();
        try {
            if (card.profile() instanceof LoadProfile.ConstantConcurrency c) {
                for (int i = 0; i < c.concurrency(); i++) {
                    pending.incrementAndGet();
                    workers.execute(this::loop);
                }
                release();
            } else {
                Arrivals arrivals = Arrivals.of(card.profile(), id.hashCode());
                arrive(arrivals, arrivals.nextOffsetNanos());
            }
        } catch (RejectedExecutionException shuttingDown) {
            end(RunState.FAILED);
        }
    }

    public void stop() {
        end(RunState.STOPPED);
    }

    public String id() {
        return id;
    }

    /** The card's name; may be null. */
    public String name() {
        return card.name();
    }

    public RunState state() {
        return state.get();
    }

    public Summary summary() {
        Instant from = started;
        Instant until = ended == null ? clock.instant() : ended;
        double seconds = from == null ? 0 : Math.max(0, Duration.between(from, until).toNanos() / 1e9);
        return metrics.summary(offered.get(), seconds);
    }

    /**
     * What completed and started since the previous call, and what is open now. Each call closes
     * an interval, so a run has one caller of this: the feed that ticks it.
     */
    public Second second() {
        double elapsed = started == null ? 0 : (System.nanoTime() - startNanos) / 1e9;
        return interval.take(elapsed, inFlight.get());
    }

    private void arrive(Arrivals arrivals, long offset) {
        if (!running() || startNanos + offset >= deadlineNanos || !claim()) {
            release();
            return;
        }
        pending.incrementAndGet();
        try {
            workers.execute(() -> {
                record(send());
                release();
            });
        } catch (RejectedExecutionException shuttingDown) {
            end(RunState.FAILED);
            return;
        }
        long next = arrivals.nextOffsetNanos();
        if (startNanos + next >= deadlineNanos) {
            // waiting for an arrival past the end would stretch the run's duration by a gap
            release();
            return;
        }
        // the delay is taken from the start, not from now, so a late tick does not shift later arrivals
        timer.schedule(() -> arrive(arrivals, next), startNanos + next - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    private void loop() {
        try {
            while (running() && System.nanoTime() < deadlineNanos && claim()) {
                RequestRecord record = send();
                if (!stopped()) {
                    record(record);
                }
            }
        } finally {
            release();
        }
    }

    private RequestRecord send() {
        inFlight.incrementAndGet();
        try {
            return call.send(this::stopped);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void record(RequestRecord record) {
        metrics.record(record);
        interval.record(record);
        observer.accept(id, record);
    }

    /** Takes one request from the card's request budget. */
    private boolean claim() {
        long n = offered.incrementAndGet();
        if (card.requestCount() != null && n > card.requestCount()) {
            offered.decrementAndGet();
            return false;
        }
        interval.offered();
        return true;
    }

    private void release() {
        if (pending.decrementAndGet() == 0) {
            end(RunState.FINISHED);
        }
    }

    private void end(RunState how) {
        if (state.compareAndSet(RunState.RUNNING, how)) {
            ended = clock.instant();
        }
    }

    private boolean running() {
        return state.get() == RunState.RUNNING;
    }

    private boolean stopped() {
        return state.get() == RunState.STOPPED;
    }
}
