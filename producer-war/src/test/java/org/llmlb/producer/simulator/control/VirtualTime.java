package org.llmlb.producer.simulator.control;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/** A {@link Scheduler} in virtual time: tasks run in due order when a test advances the clock, never on their own. */
final class VirtualTime implements Scheduler {

    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private record Task(long due, long order, Runnable task) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
    private long now;
    private long order;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void at(long dueNanos, Runnable task) {
        tasks.add(new Task(Math.max(dueNanos, now), order++, task));
    }

    /** Runs every task due up to {@code nanos}, in order, and leaves the clock there. */
    void runUntil(long nanos) {
        while (!tasks.isEmpty() && tasks.peek().due <= nanos) {
            Task next = tasks.poll();
            now = next.due;
            next.task.run();
        }
        now = Math.max(now, nanos);
    }

    /** Runs tasks until none is left; the clock stays at the last one's due time. */
    void runAll() {
        while (!tasks.isEmpty()) {
            runUntil(tasks.peek().due);
        }
    }

    int pending() {
        return tasks.size();
    }
}
