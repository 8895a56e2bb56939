package org.llmlb.producer.simulator.control;

import java.util.concurrent.atomic.LongAdder;

import org.llmlb.producer.simulator.entity.Fault;

/** The totals a simulated server reports on {@code /metrics}; lock-free, cheap to bump on every token. */
public final class Counters {

    public static final String[] FINISH_REASONS = {"stop", "length", "abort"};

    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder generationTokens = new LongAdder();
    private final LongAdder prefixQueries = new LongAdder();
    private final LongAdder prefixHits = new LongAdder();
    private final LongAdder queuedNanos = new LongAdder();
    private final LongAdder admitted = new LongAdder();
    private final LongAdder[] finished = adders(FINISH_REASONS.length);
    private final LongAdder[] faults = adders(Fault.values().length);

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int i = 0; i < count; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    void prompt(int tokens) {
        promptTokens.add(tokens);
    }

    void generated(int tokens) {
        generationTokens.add(tokens);
    }

    void prefix(int queried, int hits) {
        prefixQueries.add(queried);
        prefixHits.add(hits);
    }

    void queued(long nanos) {
        queuedNanos.add(nanos);
        admitted.increment();
    }

    void finished(String reason) {
        for (int i = 0; i < FINISH_REASONS.length; i++) {
            if (FINISH_REASONS[i].equals(reason)) {
                finished[i].increment();
            }
        }
    }

    void fault(Fault fault) {
        faults[fault.ordinal()].increment();
    }

    public long promptTokens() {
        return promptTokens.sum();
    }

    public long generationTokens() {
        return generationTokens.sum();
    }

    public long prefixQueries() {
        return prefixQueries.sum();
    }

    public long prefixHits() {
        return prefixHits.sum();
    }

    public double queuedSeconds() {
        return queuedNanos.sum() / 1e9;
    }

    public long admitted() {
        return admitted.sum();
    }

    /** Requests that ended with {@code FINISH_REASONS[index]}. */
    public long finished(int index) {
        return finished[index].sum();
    }

    public long faults(Fault fault) {
        return faults[fault.ordinal()].sum();
    }
}
