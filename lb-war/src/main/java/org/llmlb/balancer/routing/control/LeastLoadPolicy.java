package org.llmlb.balancer.routing.control;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.llmlb.balancer.routing.entity.PolledLoad;
import org.llmlb.balancer.routing.entity.ServerLoad;
import org.llmlb.balancer.routing.entity.Upstream;

/**
 * Least-load mode: the endpoint where a request is likely to start soonest goes first. Its load
 * is the work it has now — requests in flight, the new one included — divided by its capacity:
 * the operator's {@code token_quota_percent} when any eligible endpoint has one (set it to the
 * servers' capacity ratio, e.g. 25/75 for 4 and 12 sequences; an endpoint at 0 then counts as 1),
 * else how fast each has been serving lately (tokens in the quota window; one without recent
 * traffic counts as the average of the others). Observed speed reflects the traffic an endpoint
 * was given as much as its capacity, which is why a configured weight wins. The work is the
 * balancer's own in-flight count, which is never stale, plus the queue the endpoint itself last
 * reported in a response header ({@code endpoint-load-metrics}, vLLM's per-response load report)
 * while that report is younger than {@code LB_LOAD_SIGNAL_MAX_AGE_SECONDS}: a server that also
 * serves other clients, or queues behind a full batch, ranks lower than the count alone says.
 * Scraped {@code /metrics} gauges lag seconds behind and are not used. Ties (equal load, e.g. all
 * idle) are broken at random, so they never all go to the first endpoint.
 */
public final class LeastLoadPolicy implements RoutingPolicy {

    private final long maxSignalAgeMillis;

    public LeastLoadPolicy(long maxSignalAgeMillis) {
        this.maxSignalAgeMillis = maxSignalAgeMillis;
    }

    /**
     * Allocates two small arrays and the answer's array, no per-endpoint objects: with two
     * endpoints (the common case) no sort at all. Router owns {@code eligible}, so it is reordered
     * in place.
     */
    @Override
    public List<Upstream> rank(List<Upstream> eligible, long nowMillis) {
        int n = eligible.size();
        double[] load = new double[n];
        double quotaSum = 0;
        for (int i = 0; i < n; i++) {
            quotaSum += Math.max(0, eligible.get(i).quotaPercent());
        }
        if (quotaSum > 0) {
            for (int i = 0; i < n; i++) {
                load[i] = Math.max(1, eligible.get(i).quotaPercent());
            }
        } else {
            observedSpeed(eligible, load);
        }
        for (int i = 0; i < n; i++) {
            Upstream u = eligible.get(i);
            load[i] = (work(u, nowMillis) + 1) / load[i];
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (n == 2) {
            if (load[1] < load[0] || (load[1] == load[0] && random.nextBoolean())) {
                Collections.swap(eligible, 0, 1);
            }
            return eligible;
        }
        // insertion sort on (load, random tie-break): n is a handful of endpoints
        int[] tie = new int[n];
        for (int i = 0; i < n; i++) {
            tie[i] = random.nextInt();
        }
        for (int i = 1; i < n; i++) {
            Upstream u = eligible.get(i);
            double l = load[i];
            int k = tie[i];
            int j = i - 1;
            while (j >= 0 && (load[j] > l || (load[j] == l && tie[j] > k))) {
                eligible.set(j + 1, eligible.get(j));
                load[j + 1] = load[j];
                tie[j + 1] = tie[j];
                j--;
            }
            eligible.set(j + 1, u);
            load[j + 1] = l;
            tie[j + 1] = k;
        }
        return eligible;
    }

    /** The queue the endpoint last reported, 0 when it reported none or that report is stale. */
    /**
     * Outstanding work: requests in flight (the cluster's) plus the queue the endpoint last
     * reported; at least what its {@code GET /load} said, which also counts other clients' requests.
     */
    private double work(Upstream u, long nowMillis) {
        double own = u.state().clusterInflight() + reportedWaiting(u, nowMillis);
        PolledLoad polled = u.state().polledLoad();
        return polled != null && polled.freshAt(nowMillis, maxSignalAgeMillis) ? Math.max(own, polled.requests()) : own;
    }

    private double reportedWaiting(Upstream u, long nowMillis) {
        ServerLoad report = u.state().serverLoad();
        if (report == null || Double.isNaN(report.waiting()) || !report.freshAt(nowMillis, maxSignalAgeMillis)) {
            return 0;
        }
        return report.waiting();
    }

    private static void observedSpeed(List<Upstream> eligible, double[] capacity) {
        long servedSum = 0;
        int serving = 0;
        for (int i = 0; i < capacity.length; i++) {
            capacity[i] = eligible.get(i).state().quotaTokens.sum();
            if (capacity[i] > 0) {
                servedSum += (long) capacity[i];
                serving++;
            }
        }
        double typical = serving == 0 ? 1 : (double) servedSum / serving;
        for (int i = 0; i < capacity.length; i++) {
            if (capacity[i] == 0) {
                capacity[i] = typical;
            }
        }
    }
}
