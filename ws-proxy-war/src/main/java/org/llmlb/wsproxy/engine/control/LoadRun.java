package org.llmlb.wsproxy.engine.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.engine.entity.LoadProfile;
import org.llmlb.wsproxy.engine.entity.RequestRecord;
import org.llmlb.wsproxy.engine.entity.RunState;
import org.llmlb.wsproxy.engine.entity.Second;
import org.llmlb.wsproxy.engine.entity.SelfCheck;
import org.llmlb.wsproxy.engine.entity.ServerSignals;
import org.llmlb.wsproxy.engine.entity.Summary;
import org.llmlb.wsproxy.engine.entity.SweepStep;
import org.llmlb.wsproxy.engine.entity.SweepSummary;
import org.llmlb.wsproxy.engine.entity.TimelinePoint;

/**
 * One card being executed, without a thread of its own. Rate, ramp and burst profiles are open
 * loop: the engine's scheduler thread sends each request at its due time, however long earlier
 * ones take. Concurrency profiles are closed loop: each slot sends its next request from the I/O
 * thread that read the end of its last one. A run whose every request failed ends {@code failed}.
 *
 * <p>A run is one {@link Phase}, or for a sweep a probe and then one phase per rate, each begun
 * once the previous one's answers are all in, so every rate is measured on a target without
 * the previous rate's backlog.
 */
public final class LoadRun {

    private final String id;
    private final Card card;
    private final Clock clock;
    private final Engine engine;
    private final ChatCall call;
    private final RunMetrics metrics;
    private final IntervalMetrics interval = new IntervalMetrics();
    private final Timeline timeline = new Timeline();
    private final SignalSampler signals;
    private final BiConsumer<String, RequestRecord> observer;
    private final AtomicReference<RunState> state = new AtomicReference<>(RunState.RUNNING);
    private final CompletableFuture<RunState> ending = new CompletableFuture<>();
    private final AtomicLong offered = new AtomicLong();
    private final OpenRequests open = new OpenRequests();
    private final Instant created;
    private final long seed;
    /** Null unless the profile is a sweep. */
    private final LoadProfile.Sweep sweep;
    private final List<Phase> steps = new CopyOnWriteArrayList<>();
    /** Written last in {@link #start}, so a reader that sees it also sees the nanosecond origin. */
    private volatile Instant started;
    private volatile Instant ended;
    private volatile SelfCheck finalCheck;
    /** The phase sending now (or last); null before the first begins. */
    private volatile Phase phase;
    private volatile Phase probe;
    private volatile double[] rates;
    private volatile Double maxRate;
    private volatile ScheduledFuture<?> expiry;
    private long startNanos;
    private long deadlineNanos;
    /** The feed's thread only: where the previous {@link #second()} left off. */
    private long tickNanos;
    private long tickCpu;
    private long tickPlanned;
    private Phase tickPhase;

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
        this.seed = id.hashCode();
        this.sweep = card.profile() instanceof LoadProfile.Sweep s ? s : null;
        this.signals = new SignalSampler(SignalSampler.source(card), System::nanoTime);
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
        Phase first = sweep == null ? phase(card.profile(), card.durationSeconds(), false)
                : phase(new LoadProfile.ConstantConcurrency(sweep.probeConcurrency()), sweep.probeSeconds(), true);
        probe = sweep == null ? null : first;
        phase = first;
        tickNanos = startNanos;
        tickCpu = engine.cpu().nanos();
        started = clock.instant();
        signals.start(engine.client(), engine.scheduler());
        try {
            expiry = engine.scheduler().scheduleWithFixedDelay(this::expire, 1, 1, TimeUnit.SECONDS);
            engine.scheduler().execute(() -> begin(first));
        } catch (RejectedExecutionException shuttingDown) {
            end(RunState.FAILED);
        }
    }

    public void stop() {
        Phase p = phase;
        if (p != null) {
            p.watch.sendingEnded(System.nanoTime());
        }
        end(RunState.STOPPED);
        open.abandonAll();
    }

    public String id() {
        return id;
    }

    /** What this run sends, as it was started. */
    public Card card() {
        return card;
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
        Phase p = phase;
        if (check == null && p != null) {
            check = p.watch.check(System.nanoTime());
        }
        Summary summary = metrics.summary(offered.get(), seconds, open.count(), check);
        return sweep == null ? summary : summary.withSweep(sweepSummary());
    }

    /** What the run read of its target's own numbers (in-flight, queue, KV cache) as it went. */
    public ServerSignals signals() {
        return signals.signals();
    }

    /** The newest of {@link #signals()}, and the note of a failing source, for the live channel. */
    public SignalSampler signalSampler() {
        return signals;
    }

    /** The run's completions second by second since it started. */
    public List<TimelinePoint> timeline() {
        return timeline.points();
    }

    /** When it ended; null while running. */
    public Instant endedAt() {
        return ended;
    }

    /**
     * What completed and started since the previous call, and what is open now. Each call closes
     * an interval, so a run has one caller of this: the feed that ticks it.
     */
    public Second second() {
        Phase p = phase;
        if (p == null || started == null) {
            return interval.take(0, open.count());
        }
        long now = System.nanoTime();
        if (p != tickPhase) {
            tickPhase = p;
            tickPlanned = 0;
        }
        Long planned = p.watch.plannedBy(now);
        Long requested = planned == null ? null : planned - tickPlanned;
        tickPlanned = planned == null ? 0 : planned;
        long cpu = engine.cpu().nanos();
        double cpuPercent = now > tickNanos ? Math.round((cpu - tickCpu) * 1000.0 / (now - tickNanos)) / 10.0 : 0;
        tickCpu = cpu;
        tickNanos = now;
        return interval.take((now - startNanos) / 1e9, open.count(), requested, cpuPercent);
    }

    /** A phase starting now, ending by its own length or the run's, whichever comes first. */
    private Phase phase(LoadProfile shape, Double seconds, boolean ownMetrics) {
        long now = System.nanoTime();
        long deadline = seconds == null ? Long.MAX_VALUE : now + Math.round(seconds * 1e9);
        if (deadlineNanos != Long.MAX_VALUE && (deadline == Long.MAX_VALUE || deadline - deadlineNanos > 0)) {
            deadline = deadlineNanos;
        }
        long limit = card.requestCount() == null ? Long.MAX_VALUE : Math.max(0, card.requestCount() - offered.get());
        return new Phase(shape, seed + steps.size(), limit, now, deadline, engine.cpu(), ownMetrics ? card.slo() : null,
                ownMetrics);
    }

    /** Scheduler thread: the phase's dispatcher. */
    private void begin(Phase p) {
        phase = p;
        if (p.profile instanceof LoadProfile.ConstantConcurrency c) {
            launch(p, c.concurrency());
        } else {
            arrive(p);
        }
    }

    /** Scheduler thread: sends every arrival that is due, then waits for the next one. */
    private void arrive(Phase p) {
        while (true) {
            if (!running()) {
                release(p);
                return;
            }
            if (p.deadlineNanos != Long.MAX_VALUE && p.nextOffset >= p.deadlineNanos - p.startNanos) {
                // waiting for an arrival past the end would stretch the run's duration by a gap
                p.watch.sendingEnded(p.deadlineNanos);
                release(p);
                return;
            }
            long due = p.startNanos + p.nextOffset;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                // the delay is taken from the start, not from now, so a late tick does not shift later arrivals
                schedule(() -> arrive(p), wait);
                return;
            }
            if (!claim()) {
                p.watch.countReached();
                release(p);
                return;
            }
            p.pending.incrementAndGet();
            send(p, due, () -> release(p));
            p.nextOffset = p.arrivals.nextOffsetNanos();
        }
    }

    /**
     * Scheduler thread: fills the closed loop's slots. A slot's request is due when the slot is
     * filled, not when the first was: a closed loop has no schedule to fall behind, only the
     * hand-over from one request to the next, which is what its lag measures.
     */
    private void launch(Phase p, int slots) {
        for (int i = 0; i < slots; i++) {
            // a slot is pending until it sends no more
            p.pending.incrementAndGet();
            if (!sendNextInSlot(p, System.nanoTime())) {
                release(p);
                break;
            }
        }
        release(p);
    }

    /** Sends a slot's next request, due at {@code plannedNanos}; false (and the slot is free) when the phase is over. */
    private boolean sendNextInSlot(Phase p, long plannedNanos) {
        if (!running()) {
            return false;
        }
        if (System.nanoTime() - p.deadlineNanos >= 0 && p.deadlineNanos != Long.MAX_VALUE) {
            p.watch.sendingEnded(p.deadlineNanos);
            return false;
        }
        if (!claim()) {
            p.watch.countReached();
            return false;
        }
        send(p, plannedNanos, () -> {
            if (!sendNextInSlot(p, System.nanoTime())) {
                release(p);
            }
        });
        return true;
    }

    /** Sends one request due at {@code plannedNanos}; {@code then} runs once its record is counted. */
    private void send(Phase p, long plannedNanos, Runnable then) {
        AnswerReader reader = call.prepare(engine.client(), (r, record) -> {
            open.remove(r);
            record(p, record);
            then.run();
        });
        open.add(reader);
        long now = System.nanoTime();
        p.watch.sent(plannedNanos, now);
        p.sent();
        interval.lag(now - plannedNanos);
        reader.start();
    }

    private void record(Phase p, RequestRecord record) {
        metrics.record(record);
        long now = System.nanoTime();
        timeline.record(now - startNanos, record);
        p.record(record, now);
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

    private void release(Phase p) {
        if (p.pending.decrementAndGet() == 0) {
            over(p);
        }
    }

    /** Every answer of {@code p} is in: the run ends, or a sweep goes on with its next rate. */
    private void over(Phase p) {
        Phase next = sweep == null || !running() ? null : next(p);
        if (next == null) {
            end(RunState.FINISHED);
            return;
        }
        try {
            engine.scheduler().execute(() -> begin(next));
        } catch (RejectedExecutionException shuttingDown) {
            end(RunState.FAILED);
        }
    }

    /** The sweep's phase after {@code p}; null when it is over (all rates run, the budget or duration used up). */
    private Phase next(Phase p) {
        boolean budgetLeft = card.requestCount() == null || offered.get() < card.requestCount();
        boolean timeLeft = deadlineNanos == Long.MAX_VALUE || System.nanoTime() - deadlineNanos < 0;
        if (!budgetLeft || !timeLeft) {
            return null;
        }
        if (p == probe) {
            SweepStep measured = step(p, null, "done");
            maxRate = measured.throughput();
            if (maxRate == null || maxRate <= 0) {
                return null;
            }
            rates = SweepPlan.rates(sweep, maxRate);
        }
        double[] r = rates;
        int i = steps.size();
        if (r == null || i >= r.length) {
            return null;
        }
        Phase step = phase(new LoadProfile.ConstantRate(r[i], sweep.poisson()), sweep.stepSeconds(), true);
        steps.add(step);
        return step;
    }

    private SweepSummary sweepSummary() {
        Phase pr = probe;
        if (pr == null) {
            return new SweepSummary(null, null, List.of(), null, null, SweepPlan.rule(sweep.kneeTtftFactor()));
        }
        boolean over = state.get() != RunState.RUNNING;
        SweepStep probeStep = step(pr, null, phase == pr && !over ? "running" : "done");
        double[] r = rates;
        List<Phase> ran = List.copyOf(steps);
        List<SweepStep> measured = new ArrayList<>();
        List<SweepPlan.Step> done = new ArrayList<>();
        for (int i = 0; i < ran.size(); i++) {
            boolean finished = over || i < ran.size() - 1 || ran.get(i).pending.get() == 0;
            SweepStep s = step(ran.get(i), r[i], finished ? "done" : "running");
            measured.add(s);
            if (finished) {
                Phase.Completed c = completed(ran.get(i));
                done.add(new SweepPlan.Step(c.inWindow(), c.sent(), s.ttftMs() == null ? null : s.ttftMs().p99()));
            }
        }
        boolean[] kept = SweepPlan.keptUp(done, sweep.kneeTtftFactor());
        Integer knee = SweepPlan.knee(kept);
        // known once a rate failed after the leading run, or every rate has run
        boolean kneeKnown = r != null && (done.size() == r.length || (knee == null ? !done.isEmpty() : knee < done.size() - 1));
        if (!kneeKnown) {
            knee = null;
        }
        List<SweepStep> all = new ArrayList<>();
        for (int i = 0; i < measured.size(); i++) {
            SweepStep s = measured.get(i);
            all.add(new SweepStep(s.rate(), s.state(), s.throughput(), s.sentRate(), s.requests(), s.errors(),
                    s.outputTokensPerSecond(), s.ttftMs(), s.itlMs(), s.e2eMs(), s.goodput(), i < kept.length && kept[i],
                    knee != null && knee == i, s.lagMsP99()));
        }
        for (int i = measured.size(); r != null && i < r.length; i++) {
            all.add(new SweepStep(r[i], over ? "skipped" : "pending", null, null, 0, 0, 0, null, null, null, null,
                    false, false, null));
        }
        return new SweepSummary(probeStep, maxRate, all, knee == null ? null : r[knee], knee,
                SweepPlan.rule(sweep.kneeTtftFactor()));
    }

    private static Phase.Completed completed(Phase p) {
        Summary s = p.metrics.summary(0, 1);
        return p.completed(s.e2eMs() == null ? 0 : s.e2eMs().p50(), p.watch.sendSeconds(System.nanoTime()));
    }

    /** What one phase measured, its rates over the time it sent. */
    private static SweepStep step(Phase p, Double rate, String state) {
        long now = System.nanoTime();
        double seconds = p.watch.sendSeconds(now);
        Summary s = p.metrics.summary(0, seconds);
        Phase.Completed c = p.completed(s.e2eMs() == null ? 0 : s.e2eMs().p50(), seconds);
        SelfCheck check = p.watch.check(now);
        boolean measuring = seconds > 0;
        return new SweepStep(rate, state, measuring ? c.perSecond() : null, measuring ? check.achievedRate() : null,
                s.requests(), s.errors(), s.outputTokensPerSecond(), s.ttftMs(), s.itlMs(), s.e2eMs(),
                measuring && !s.slo().isEmpty() ? s.goodput() : null, false, false,
                check.scheduleLagMs() == null ? null : check.scheduleLagMs().p99());
    }

    private void end(RunState how) {
        RunState result = how == RunState.FINISHED && metrics.allFailed() ? RunState.FAILED : how;
        if (state.compareAndSet(RunState.RUNNING, result)) {
            ended = clock.instant();
            signals.stop();
            ScheduledFuture<?> e = expiry;
            if (e != null) {
                e.cancel(false);
            }
            Phase p = phase;
            if (p != null) {
                finalCheck = p.watch.check(System.nanoTime());
            }
            ending.complete(result);
        }
    }

    private boolean running() {
        return state.get() == RunState.RUNNING;
    }
}
