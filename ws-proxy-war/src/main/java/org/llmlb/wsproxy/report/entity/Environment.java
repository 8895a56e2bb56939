package org.llmlb.wsproxy.report.entity;

import java.time.Clock;
import java.time.Instant;

/** Where a report's numbers were measured: the producer's JVM, OS and CPUs, and when the report was made. */
public record Environment(String java, String jvm, String os, String arch, int cpus, long maxHeapMb,
                          Instant generatedAt) {

    public static Environment current(Clock clock) {
        return new Environment(System.getProperty("java.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024),
                clock.instant());
    }
}
