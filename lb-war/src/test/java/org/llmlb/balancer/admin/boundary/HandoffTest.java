package org.llmlb.balancer.admin.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class HandoffTest {

    @Test
    void anEndBeforeTheFilterReturnedWaitsForTheExitAndTheSettlingTime() throws Exception {
        AdminBodyLimitFilter.Handoff handoff = new AdminBodyLimitFilter.Handoff();
        CountDownLatch ran = new CountDownLatch(1);
        AtomicLong ranAt = new AtomicLong();
        handoff.then(() -> {
            ranAt.set(System.nanoTime());
            ran.countDown();
        });
        assertThat(ran.await(100, TimeUnit.MILLISECONDS)).as("nothing runs while the filter has not returned").isFalse();
        long exited = System.nanoTime();
        handoff.exited();
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ranAt.get() - exited).isGreaterThanOrEqualTo(AdminBodyLimitFilter.Handoff.SETTLE_NANOS);
    }

    @Test
    void anEndWellAfterTheExitRunsAtOnceOnTheCallersThread() throws Exception {
        AdminBodyLimitFilter.Handoff handoff = new AdminBodyLimitFilter.Handoff();
        handoff.exited();
        Thread.sleep(AdminBodyLimitFilter.Handoff.SETTLE_NANOS / 1_000_000 + 10); // the settling time itself is the subject
        Thread[] ranOn = new Thread[1];
        handoff.then(() -> ranOn[0] = Thread.currentThread());
        assertThat(ranOn[0]).isSameAs(Thread.currentThread());
    }
}
