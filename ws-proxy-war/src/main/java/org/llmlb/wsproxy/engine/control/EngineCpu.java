package org.llmlb.wsproxy.engine.control;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/**
 * Makes the engine's threads (the client's I/O threads, the arrival scheduler) and adds up the
 * CPU time they used, so a run can say what driving the load cost, apart from whatever else the
 * server process does (the simulator, when it runs in the same one).
 */
public final class EngineCpu implements ThreadFactory {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

    private final ThreadFactory delegate;
    private final List<Thread> made = new CopyOnWriteArrayList<>();

    public EngineCpu(ThreadFactory delegate) {
        this.delegate = delegate;
        if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = delegate.newThread(task);
        made.add(thread);
        return thread;
    }

    /** CPU nanoseconds the engine's live threads used since they started; -1 where the JVM cannot tell. */
    public long nanos() {
        if (!THREADS.isThreadCpuTimeSupported()) {
            return -1;
        }
        long sum = 0;
        for (Thread t : made) {
            long n = THREADS.getThreadCpuTime(t.getId());
            if (n > 0) {
                sum += n;
            }
        }
        return sum;
    }

    /** CPU nanoseconds of the whole process; -1 where the platform does not tell. */
    public static long processNanos() {
        if (OS instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    public static int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }
}
