package org.llmlb.balancer.routing.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.llmlb.balancer.routing.entity.Upstream;

/**
 * Least-load mode: the endpoint where a request is likely to start soonest goes first. Its load
 * is the work it has now — requests in flight, the new one included — divided by how fast it
 * has been serving lately (tokens in the quota window), so a server twice as fast takes about
 * twice the requests. An endpoint without recent traffic counts as fast as the average of the
 * others (as 1 when none has any), so a new or idle one is tried at once. The balancer's own
 * in-flight count is used rather than gauges scraped from the servers: it is never stale. Ties
 * (equal load, e.g. all idle) are broken at random, so they never all go to the first endpoint.
 */
public final class LeastLoadPolicy implements RoutingPolicy {

    @Override
    public List<Upstream> rank(List<Upstream> eligible) {
        int n = eligible.size();
        long[] served = new long[n];
        long servedSum = 0;
        int serving = 0;
        for (int i = 0; i < n; i++) {
            served[i] = eligible.get(i).state().quotaTokens.sum();
            if (served[i] > 0) {
                servedSum += served[i];
                serving++;
            }
        }
        double typical = serving == 0 ? 1 : (double) servedSum / serving;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<Ranked> ranked = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Upstream u = eligible.get(i);
            double speed = served[i] > 0 ? served[i] : typical;
            ranked.add(new Ranked(u, (u.state().inflight() + 1) / speed, random.nextInt()));
        }
        ranked.sort(Comparator.comparingDouble(Ranked::load).thenComparingInt(Ranked::tieBreak));
        List<Upstream> result = new ArrayList<>(n);
        ranked.forEach(r -> result.add(r.upstream));
        return result;
    }

    private record Ranked(Upstream upstream, double load, int tieBreak) {
    }
}
