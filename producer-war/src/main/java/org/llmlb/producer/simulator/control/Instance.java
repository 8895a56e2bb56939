package org.llmlb.producer.simulator.control;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import org.llmlb.producer.simulator.entity.Fault;
import org.llmlb.producer.simulator.entity.Profile;
import org.llmlb.producer.simulator.entity.Serving;

/**
 * One simulated vLLM server: at most {@code max_num_seqs} sequences run (and fit the KV cache),
 * the rest wait first come, first served; an admitted sequence goes through the {@link Prefill}
 * stage, then decodes ({@link Sequence}). State changes take a short lock and never do I/O under it.
 */
public final class Instance {

    final Profile profile;
    final Scheduler scheduler;
    final Counters counters = new Counters();
    private final Prefill prefill;
    private final Random seeded;
    private final Object lock = new Object();
    private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
    private volatile int running;
    private long kvReserved;

    public Instance(Profile profile, Scheduler scheduler) {
        this.profile = profile;
        this.scheduler = scheduler;
        prefill = new Prefill(profile, counters);
        seeded = profile.faults().seed() == null ? null : new Random(profile.faults().seed());
    }

    public Profile profile() {
        return profile;
    }

    public Counters counters() {
        return counters;
    }

    /** The failure this request meets, if any: one draw per request, from the seeded sequence when there is one. */
    public Fault draw() {
        if (profile.faults().total() == 0) {
            return Fault.NONE;
        }
        Fault fault = profile.faults().pick(seeded == null ? ThreadLocalRandom.current().nextDouble() : seeded.nextDouble());
        counters.fault(fault);
        return fault;
    }

    /** A new sequence, arrived at {@code arrivedNanos}: it starts at once when a slot is free, else it waits. */
    public Sequence submit(Sequence.Output output, CompletionRequest request, AnswerLength length, boolean drop,
                           long arrivedNanos) {
        Sequence sequence = new Sequence(this, output, request.promptTokens(), request.promptBlocks(), length,
                request.stream(), drop, arrivedNanos);
        boolean admitted;
        synchronized (lock) {
            admitted = waiting.isEmpty() && fits(sequence);
            if (admitted) {
                admit(sequence, arrivedNanos);
            } else {
                sequence.state = Sequence.State.WAITING;
                waiting.add(sequence);
            }
        }
        if (admitted) {
            sequence.start();
        }
        return sequence;
    }

    public Load load() {
        synchronized (lock) {
            long capacity = profile.serving().kvCacheTokens();
            return new Load(running, waiting.size(), capacity == 0 ? 0 : (double) kvReserved / capacity,
                    prefill.cachedBlocks());
        }
    }

    /** What the server holds right now. */
    public record Load(int running, int waiting, double kvCacheUsage, int cachedBlocks) {
    }

    int running() {
        return running;
    }

    boolean isRunning(Sequence sequence) {
        return sequence.state == Sequence.State.RUNNING;
    }

    void prefilled(Sequence sequence) {
        counters.prompt(sequence.promptTokens);
        synchronized (lock) {
            prefill.done(sequence);
        }
    }

    void generated(int tokens) {
        counters.generated(tokens);
    }

    /** Ends a running sequence at {@code nowNanos}; false when it had already ended (the client left first). */
    boolean finish(Sequence sequence, String reason, long nowNanos) {
        List<Sequence> started;
        synchronized (lock) {
            if (sequence.state != Sequence.State.RUNNING) {
                return false;
            }
            started = release(sequence, nowNanos);
        }
        counters.finished(reason);
        started.forEach(Sequence::start);
        return true;
    }

    void abort(Sequence sequence, long nowNanos) {
        List<Sequence> started = List.of();
        synchronized (lock) {
            switch (sequence.state) {
                case WAITING -> waiting.remove(sequence);
                case RUNNING -> started = release(sequence, nowNanos);
                default -> {
                    return;
                }
            }
            sequence.state = Sequence.State.DONE;
        }
        counters.finished("abort");
        started.forEach(Sequence::start);
    }

    private List<Sequence> release(Sequence sequence, long nowNanos) {
        sequence.state = Sequence.State.DONE;
        running--;
        kvReserved -= sequence.reservation();
        List<Sequence> started = new ArrayList<>(1);
        while (!waiting.isEmpty() && fits(waiting.peek())) {
            Sequence next = waiting.poll();
            admit(next, nowNanos);
            started.add(next);
        }
        return started;
    }

    private boolean fits(Sequence sequence) {
        Serving serving = profile.serving();
        return (serving.maxNumSeqs() == 0 || running < serving.maxNumSeqs())
                && (serving.kvCacheTokens() == 0 || kvReserved + sequence.reservation() <= serving.kvCacheTokens());
    }

    private void admit(Sequence sequence, long nowNanos) {
        running++;
        kvReserved += sequence.reservation();
        prefill.plan(sequence, nowNanos);
        sequence.state = Sequence.State.RUNNING;
        counters.queued(nowNanos - sequence.arrivedNanos);
    }
}
