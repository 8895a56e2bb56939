package org.llmlb.producer.simulator.control;

/**
 * Time as the simulated servers see it: a clock on the {@link System#nanoTime()} scale and a way
 * to run a task when it is due. The {@link Pacer} runs tasks on real threads; tests run them in
 * virtual time, so a schedule can be checked to the nanosecond without waiting for it.
 */
public interface Scheduler {

    long nanoTime();

    /**
     * Runs {@code task} at {@code dueNanos}, at once when that is past. Throws
     * {@link java.util.concurrent.RejectedExecutionException} after shutdown.
     */
    void at(long dueNanos, Runnable task);
}
