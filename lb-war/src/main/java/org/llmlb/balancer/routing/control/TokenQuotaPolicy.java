package org.llmlb.balancer.routing.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.llmlb.balancer.routing.entity.Upstream;

/**
 * Percentage mode: each endpoint's share of recent tokens tracks its quota, normalised over the
 * eligible ones. The endpoint furthest below its share goes first (ties: fewest in flight);
 * quota 0 endpoints come last, so they only get traffic when nothing else can take it.
 */
public final class TokenQuotaPolicy implements RoutingPolicy {

    @Override
    public List<Upstream> rank(List<Upstream> eligible, long nowMillis) {
        int n = eligible.size();
        double quotaSum = 0;
        long loadSum = 0;
        long[] loads = new long[n];
        for (int i = 0; i < n; i++) {
            Upstream u = eligible.get(i);
            quotaSum += Math.max(0, u.quotaPercent());
            loads[i] = u.state().quotaLoad();
            loadSum += loads[i];
        }
        List<Ranked> ranked = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Upstream u = eligible.get(i);
            double quota = Math.max(0, u.quotaPercent());
            double share = quotaSum > 0 ? quota / quotaSum : 0;
            double actual = loadSum > 0 ? (double) loads[i] / loadSum : 0;
            ranked.add(new Ranked(u, quota > 0, share - actual, u.state().inflight()));
        }
        ranked.sort(Comparator.comparing(Ranked::hasQuota).reversed()
                .thenComparing(Comparator.comparingDouble(Ranked::deficit).reversed())
                .thenComparingInt(Ranked::inflight)
                .thenComparingLong(r -> r.upstream.id()));
        List<Upstream> result = new ArrayList<>(n);
        ranked.forEach(r -> result.add(r.upstream));
        return result;
    }

    private record Ranked(Upstream upstream, boolean hasQuota, double deficit, int inflight) {
    }
}
