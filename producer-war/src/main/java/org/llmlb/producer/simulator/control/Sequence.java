package org.llmlb.producer.simulator.control;

import java.util.concurrent.RejectedExecutionException;

/**
 * One request's life on a simulated server: waiting for a slot, prefill, then one decode step
 * per token. Token {@code i} is due {@code 1000/tps × (1 + alpha × (running − 1))} ms after token
 * {@code i − 1}, with {@code running} counted when token {@code i − 1} is emitted, so decoding
 * slows down while the batch is full. Due times are added up from the first token's due time,
 * never from when a write happened, so a late write does not push the rest back.
 */
public final class Sequence {

    /** Where the tokens go. Each call happens at the token's due time, on the {@link Scheduler}'s thread. */
    public interface Output {

        /** Token {@code index} is due (called only for streams); false when the client is gone. */
        boolean token(int index);

        /** The answer is complete: a stream's finishing chunk and {@code [DONE]}, or the whole answer. */
        void complete();

        /** The connection drops here, without finishing (a simulated failure). */
        void drop();
    }

    enum State { NEW, WAITING, RUNNING, DONE }

    final Instance instance;
    final Output output;
    final int promptTokens;
    final long[] promptBlocks;
    final AnswerLength length;
    final boolean stream;
    /** Tokens emitted before the connection drops, or 0 for no drop. */
    final int dropAfter;
    final long arrivedNanos;

    /** Written under the instance's lock, read without it on every token. */
    volatile State state = State.NEW;
    long firstDueNanos;
    int cachedTokens;
    private int emitted;
    private double decodeUnits;

    Sequence(Instance instance, Output output, int promptTokens, long[] promptBlocks, AnswerLength length,
             boolean stream, boolean drop, long arrivedNanos) {
        this.instance = instance;
        this.output = output;
        this.promptTokens = promptTokens;
        this.promptBlocks = promptBlocks;
        this.length = length;
        this.stream = stream;
        // a stream drops halfway; a whole answer drops while its body is on the wire
        this.dropAfter = !drop ? 0 : stream ? Math.max(1, length.tokens() / 2) : length.tokens();
        this.arrivedNanos = arrivedNanos;
    }

    /** KV cache tokens the sequence holds while it runs: its prompt and its whole answer. */
    long reservation() {
        return (long) promptTokens + length.tokens();
    }

    /** The client is gone: leave the queue, or free the slot. Safe to call more than once, from any thread. */
    public void abort() {
        instance.abort(this, instance.scheduler.nanoTime());
    }

    void start() {
        schedule(firstDueNanos, 0);
    }

    private void schedule(long due, int index) {
        try {
            instance.scheduler.at(due, () -> step(due, index));
        } catch (RejectedExecutionException shuttingDown) {
            abort();
        }
    }

    private void step(long due, int index) {
        if (!instance.isRunning(this)) {
            return;
        }
        if (index == 0) {
            instance.prefilled(this);
        }
        if (stream && !output.token(index)) {
            instance.abort(this, due);
            return;
        }
        instance.generated(index + 1 - emitted);
        emitted = index + 1;
        if (dropAfter > 0 && emitted >= dropAfter) {
            if (instance.finish(this, "abort", due)) {
                output.drop();
            }
            return;
        }
        if (emitted == length.tokens()) {
            if (instance.finish(this, length.finishReason(), due)) {
                output.complete();
            }
            return;
        }
        int next = index + 1;
        double slowdown = instance.profile.serving().decodeSlowdown();
        if (slowdown == 0 && !stream) {
            // nobody sees the tokens in between and their pace cannot change: go straight to the last
            next = length.tokens() - 1;
            decodeUnits = next;
        } else {
            decodeUnits += 1 + slowdown * (instance.running() - 1);
        }
        schedule(firstDueNanos + Math.round(decodeUnits * 1e9 / instance.profile.tps()), next);
    }
}
