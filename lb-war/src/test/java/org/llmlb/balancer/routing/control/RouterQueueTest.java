package org.llmlb.balancer.routing.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;
import org.llmlb.balancer.routing.entity.RoutingMode;
import org.llmlb.balancer.routing.entity.Scope;

class RouterQueueTest {

    /** Records what the router tells one waiter. */
    static final class Outcome implements Router.Grant {
        final String name;
        final List<Lease> leases = new CopyOnWriteArrayList<>();
        volatile ProblemException refusal;

        Outcome(String name) {
            this.name = name;
        }

        @Override
        public void granted(Lease lease) {
            leases.add(lease);
        }

        @Override
        public void refused(ProblemException problem) {
            refusal = problem;
        }
    }

    final RoutingFixture fixture = new RoutingFixture(RoutingMode.PRIORITY,
            RoutingFixture.endpoint(1, "only", 100, 0, 1));
    final Router router = fixture.router;

    Lease take() {
        return router.route(Scope.DEFAULT, null, Set.of(), 10);
    }

    Router.Waiter await(Outcome outcome) {
        return router.await(Scope.DEFAULT, null, Set.of(), 10, outcome);
    }

    @Test
    void freedSlotsGoToTheOldestLiveWaiterInTurn() {
        Lease first = take();
        List<Outcome> outcomes = new ArrayList<>();
        List<Router.Waiter> waiters = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            Outcome o = new Outcome("w" + i);
            outcomes.add(o);
            waiters.add(await(o));
        }
        assertThat(router.cancel(waiters.get(1))).isTrue();
        assertThat(router.cancel(waiters.get(4))).isTrue();

        List<String> order = new ArrayList<>();
        Lease current = first;
        for (int round = 0; round < 4; round++) {
            current.release();
            Outcome next = outcomes.stream().filter(o -> !o.leases.isEmpty() && !order.contains(o.name)).findFirst()
                    .orElseThrow(() -> new AssertionError("a freed slot woke nobody"));
            order.add(next.name);
            current = next.leases.get(0);
        }

        assertThat(order).containsExactly("w1", "w3", "w4", "w6");
        assertThat(outcomes.get(1).leases).isEmpty();
        assertThat(outcomes.get(4).leases).isEmpty();
        current.release();
        assertThat(router.waiting()).isZero();
        assertThat(fixture.upstreams.state(1).inflight()).isZero();
    }

    @Test
    void aRequestArrivingAsASlotFreesDoesNotOvertakeTheQueue() {
        Lease first = take();
        Outcome waiting = new Outcome("waiting");
        await(waiting);

        first.release();

        assertThat(waiting.leases).hasSize(1);
        assertThatThrownBy(this::take).isInstanceOfSatisfying(ProblemException.class,
                p -> assertThat(p.problem).isEqualTo(Problem.ALL_ENDPOINTS_BUSY));
        assertThat(fixture.upstreams.state(1).inflight()).isEqualTo(1);
    }

    @Test
    void aCancelledWaiterCannotBeGrantedAndAGrantedOneCannotBeCancelled() {
        Lease first = take();
        Outcome a = new Outcome("a");
        Router.Waiter waiter = await(a);
        first.release();
        assertThat(router.cancel(waiter)).as("granted already").isFalse();
        a.leases.get(0).release();
        assertThat(fixture.upstreams.state(1).inflight()).isZero();
    }

    @Test
    void waitersAreRefusedWhenTheirEndpointsGoAway() {
        take();
        Outcome stranded = new Outcome("stranded");
        await(stranded);

        fixture.replace();
        router.serveWaiters();

        assertThat(stranded.refusal).isNotNull();
        assertThat(stranded.refusal.problem).isEqualTo(Problem.NO_ENDPOINTS_AVAILABLE);
        assertThat(router.waiting()).isZero();
    }

    @Test
    void noFreedSlotIsLostWhenManyWaitAndSomeGiveUp() throws Exception {
        RoutingFixture four = new RoutingFixture(RoutingMode.PRIORITY, RoutingFixture.endpoint(1, "four", 100, 0, 4));
        Router r = four.router;
        int total = 2000;
        ExecutorService workers = Executors.newFixedThreadPool(6);
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger twice = new AtomicInteger();
        CountDownLatch settled = new CountDownLatch(total);
        List<Router.Waiter> all = new CopyOnWriteArrayList<>();
        try {
            for (int i = 0; i < total; i++) {
                int id = i;
                workers.execute(() -> {
                    Router.Grant grant = new Router.Grant() {
                        @Override
                        public void granted(Lease lease) {
                            if (!seen.add(id)) {
                                twice.incrementAndGet();
                            }
                            granted.incrementAndGet();
                            workers.execute(() -> {
                                if (ThreadLocalRandom.current().nextInt(4) == 0) {
                                    Thread.yield();
                                }
                                lease.release();
                            });
                            // after the release is queued: the pool is shut down once all are settled
                            settled.countDown();
                        }

                        @Override
                        public void refused(ProblemException problem) {
                            throw new AssertionError("refused " + problem.getMessage());
                        }
                    };
                    Lease direct;
                    try {
                        direct = r.route(Scope.DEFAULT, null, Set.of(), 1);
                    } catch (ProblemException busy) {
                        direct = null;
                    }
                    if (direct != null) {
                        grant.granted(direct);
                        return;
                    }
                    Router.Waiter waiter = r.await(Scope.DEFAULT, null, Set.of(), 1, grant);
                    all.add(waiter);
                    if (ThreadLocalRandom.current().nextInt(10) < 3 && r.cancel(waiter)) {
                        cancelled.incrementAndGet();
                        settled.countDown();
                    }
                });
            }
            assertThat(settled.await(30, TimeUnit.SECONDS))
                    .as("granted %d + cancelled %d of %d: a freed slot woke nobody", granted.get(), cancelled.get(), total)
                    .isTrue();
        } finally {
            workers.shutdown();
            assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(twice.get()).isZero();
        assertThat(granted.get() + cancelled.get()).isEqualTo(total);
        assertThat(cancelled.get()).isPositive();
        assertThat(r.waiting()).isZero();
        assertThat(four.upstreams.state(1).inflight()).isZero();
    }
}
