package org.llmlb.wsproxy.engine.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.engine.entity.LoadProfile;
import org.llmlb.wsproxy.engine.entity.RequestRecord;
import org.llmlb.wsproxy.engine.entity.RunState;
import org.llmlb.wsproxy.engine.entity.Second;
import org.llmlb.wsproxy.engine.entity.SelfCheck;
import org.llmlb.wsproxy.engine.entity.Summary;

/**
 * One card being executed, without a thread of its own. Rate, ramp and burst profiles are open
 * loop: the engine's scheduler thread sends each request at its due time, however long earlier
 * ones take. Concurrency profiles are closed loop: each slot sends its next request from the I/O
 * thread that read the end of its last one. A run whose every request failed ends {@code failed}.
 */
public final class LoadRun {

    private final String id;
    private final Card card;
    private final Clock clock;
    private final Engine engine;
    private final ChatCall call;
    private final RunMetrics metrics;
    private final IntervalMetrics interval = new IntervalMetrics();
    private final BiConsumer<String, RequestRecord> observer;
    private final AtomicReference<RunState> state = new AtomicReference<>(RunState.RUNNING);
    private final CompletableFuture<RunState> ending = new CompletableFuture<>();
    private final AtomicLong offered = new AtomicLong();
    /** Open requests (or closed-loop slots) plus one for the dispatcher, so the run cannot end while still dispatching. */
    private final AtomicInteger pending = new AtomicInteger(1);
    private final OpenRequests open = new OpenRequests();
    private final Instant created;
    /** Written last in {@link #start}, so a reader that sees it also sees the nanosecond origin. */
    private volatile Instant started;
    private volatile Instant ended;
    private volatile SelfCheck finalCheck;
    private volatile ScheduleWatch watch;
    private volatile ScheduledFuture<?> sweep;
    private long startNanos;
    private long deadlineNanos;
    /** Scheduler thread only. */
    private Arrivals arrivals;
    private long nextOffset;
    /** The feed's thread only: where the previous {@link #second()} left off. */
    private long tickNanos;
    private long tickCpu;
    private long tickPlanned;

    public LoadRun(String id, Card card, Clock clock, Engine engine) {
        this(id, card, clock, engine, (run, record) -> { });
    }

    /** {@code observer} sees each request's record (with the run's id) on the I/O thread that read it. */
    public LoadRun(String id, Card card, Clock clock, Engine engine, BiConsumer<String, RequestRecord> observer) {
        this.observer = observer;
        this.id = id;
        this.card = card;
        this.clock = clock;
        this.engine = engine;
        this.call = new ChatCall(card, clock);
        this.metrics = new RunMetrics(card.slo());
        this.created = clock.instant();
    }

    /** Starts sending; a run may be announced to its watchers before, and then reports zeroes. */
    public void start() {
        if (!running()) {
            // stopped before it started (its socket closed in between): nothing to send
            return;
        }
        startNanos = System.nanoTime();
        deadlineNanos = card.durationSeconds() == null ? Long.MAX_VALUE
                : startNanos + Math.round(card.durationSeconds() * 1e9);
        boolean closed = card.profile() instanceof LoadProfile.ConstantConcurrency;
        long seed = id.hashCode();
        watch = new ScheduleWatch(closed ? null : Arrivals.of(card.profile(), seed),
                card.requestCount() == null ? Long.MAX_VALUE : card.requestCount(), startNanos, deadlineNanos,
                engine.cpu());
        tickNanos = startNanos;
        tickCpu = engine.cpu().nanos();
        started = clock.instant();
        try {
            sweep = engine.scheduler().scheduleWithFixedDelay(this::expire, 1, 1, TimeUnit.SECONDS);
            if (card.profile() instanceof LoadProfile.ConstantConcurrency c) {
                engine.scheduler().execute(() -> launch(c.concurrency()));
            } else {
                arrivals = Arrivals.of(card.profile(), seed);
                nextOffset = arrivals.nextOffsetNanos();
                engine.scheduler().execute(this::arrive);
            }
        } catch (RejectedExecutionException shuttingDown) {
            end(RunState.FAILED);
        }
    }

    public void stop() {
        if (watch != null) {
            watch.sendingEnded(System.nanoTime());
        }
        end(RunState.STOPPED);
        open.abandonAll();
    }

    public String id() {
        return id;
    }

    /** The card's name; may be null. */
    public String name() {
        return card.name();
    }

    /** When the run was created (announced), for listing runs in order. */
    public Instant createdAt() {
        return created;
    }

    /** When it started sending; null before. */
    public Instant startedAt() {
        return started;
    }

    public RunState state() {
        return state.get();
    }

    /** Waits for the run to end; its final state. */
    public RunState awaitEnd(Duration limit) throws InterruptedException, TimeoutException {
        try {
            return ending.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public Summary summary() {
        Instant from = started;
        Instant until = ended == null ? clock.instant() : ended;
        double seconds = from == null ? 0 : Math.max(0, Duration.between(from, until).toNanos() / 1e9);
        SelfCheck check = finalCheck;
        if (check == null && watch != null) {
            check = watch.check(System.nanoTime());
        }
        return metrics.summary(offered.get(), seconds, open.count(), check);
    }

    /**
     * What completed and started since the previous call, and what is open now. Each call closes
     * an interval, so a run has one caller of this: the feed that ticks it.
     */
    public Second second() {
        ScheduleWatch w = watch;
        if (w == null) {
            return interval.take(0, open.count());
        }
        long now = System.nanoTime();
        Long planned = w.plannedBy(now);
        Long requested = planned == null ? null : planned - tickPlanned;
        tickPlanned = planned == null ? 0 : planned;
        long cpu = engine.cpu().nanos();
        double cpuPercent = now > tickNanos ? Math.round((cpu - tickCpu) * 1000.0 / (now - tickNanos)) / 10.0 : 0;
        tickCpu = cpu;
        tickNanos = now;
        return interval.take((now - startNanos) / 1e9, open.count(), requested, cpuPercent);
    }

    /** Scheduler thread: sends every arrival that is due, then waits for the next one. */
    private void arrive() {
        while (true) {
            if (!running()) {
                release();
                return;
            }
            if (deadlineNanos != Long.MAX_VALUE && nextOffset >= deadlineNanos - startNanos) {
                // waiting for an arrival past the end would stretch the run's duration by a gap
                watch.sendingEnded(deadlineNanos);
                release();
                return;
            }
            long due = startNanos + nextOffset;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                // the delay is taken from the start, not from now, so a late tick does not shift later arrivals
                schedule(this::arrive, wait);
                return;
            }
            if (!claim()) {
                watch.countReached();
                release();
                return;
            }
            pending.incrementAndGet();
            send(due, this::release);
            nextOffset = arrivals.nextOffsetNanos();
        }
    }

    /**
     * Scheduler thread: fills the closed loop's slots. A slot's request is due when the slot is
     * filled, not when the first was: a closed loop has no schedule to fall behind, only the
     * hand-over from one request to the next, which is what its lag measures.
     */
    private void launch(int slots) {
        for (int i = 0; i < slots; i++) {
            // a slot is pending until it sends no more
            pending.incrementAndGet();
            if (!sendNextInSlot(System.nanoTime())) {
                release();
                break;
            }
        }
        release();
    }

    /** Sends a slot's next request, due at {@code plannedNanos}; false (and the slot is free) when the run is over. */
    private boolean sendNextInSlot(long plannedNanos) {
        if (!running()) {
            return false;
        }
        if (System.nanoTime() - deadlineNanos >= 0 && deadlineNanos != Long.MAX_VALUE) {
            watch.sendingEnded(deadlineNanos);
            return false;
        }
        if (!claim()) {
            watch.countReached();
            return false;
        }
        send(plannedNanos, () -> {
            if (!sendNextInSlot(System.nanoTime())) {
                release();
            }
        });
        return true;
    }

    /** Sends one request due at {@code plannedNanos}; {@code then} runs once its record is counted. */
    private void send(long plannedNanos, Runnable then) {
        AnswerReader reader = call.prepare(engine.client(), (r, record) -> {
            open.remove(r);
            record(record);
            then.run();
        });
        open.add(reader);
        long now = System.nanoTime();
        watch.sent(plannedNanos, now);
        interval.lag(now - plannedNanos);
        reader.start();
    }

    private void record(RequestRecord record) {
        metrics.record(record);
        interval.record(record);
        observer.accept(id, record);
    }

    /** Scheduler thread, once a second: answers that took too long count as errors. */
    private void expire() {
        open.expire(System.nanoTime(), engine.requestTimeout().toNanos());
    }

    private void schedule(Runnable task, long delayNanos) {
        try {
            engine.scheduler().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            end(RunState.FAILED);
        }
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
        RunState result = how == RunState.FINISHED && metrics.allFailed() ? RunState.FAILED : how;
        if (state.compareAndSet(RunState.RUNNING, result)) {
            ended = clock.instant();
            ScheduledFuture<?> s = sweep;
            if (s != null) {
                s.cancel(false);
            }
            if (watch != null) {
                finalCheck = watch.check(System.nanoTime());
            }
            ending.complete(result);
        }
    }

    private boolean running() {
        return state.get() == RunState.RUNNING;
    }
}
