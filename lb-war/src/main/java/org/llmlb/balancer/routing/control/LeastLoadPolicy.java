package org.llmlb.balancer.routing.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

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

    @Override
    public List<Upstream> rank(List<Upstream> eligible, long nowMillis) {
        int n = eligible.size();
        double[] capacity = new double[n];
        double quotaSum = 0;
        for (Upstream u : eligible) {
            quotaSum += Math.max(0, u.quotaPercent());
        }
        if (quotaSum > 0) {
            for (int i = 0; i < n; i++) {
                capacity[i] = Math.max(1, eligible.get(i).quotaPercent());
            }
        } else {
            observedSpeed(eligible, capacity);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<Ranked> ranked = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Upstream u = eligible.get(i);
            ranked.add(new Ranked(u, (u.state().inflight() + 1 + reportedWaiting(u, nowMillis)) / capacity[i],
                    random.nextInt()));
        }
        ranked.sort(Comparator.comparingDouble(Ranked::load).thenComparingInt(Ranked::tieBreak));
        List<Upstream> result = new ArrayList<>(n);
        ranked.forEach(r -> result.add(r.upstream));
        return result;
    }

    /** The queue the endpoint last reported, 0 when it reported none or that report is stale. */
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

    private record Ranked(Upstream upstream, double load, int tieBreak) {
    }
}
