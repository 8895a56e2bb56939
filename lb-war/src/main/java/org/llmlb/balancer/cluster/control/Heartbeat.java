package org.llmlb.balancer.cluster.control;

import java.util.List;
import java.util.function.Predicate;

import org.llmlb.balancer.routing.control.UpstreamState;
import org.llmlb.balancer.routing.entity.Upstream;

/**
 * What one replica tells the others every exchange interval, as a {@code long[]} (a JDK type, so
 * the data grid needs none of our classes): when it was sent, when the replica started, and per
 * endpoint its requests in flight, its quota tokens, the end of a cooldown it holds itself (0:
 * none) and flags ({@link #HUNGRY}: it has requests waiting for more of the endpoint's slots).
 */
public record Heartbeat(long sentAtMillis, long startedAtMillis, long[] values) {

    static final int VERSION = 1;
    static final int HEAD = 3;
    static final int FIELDS = 5;
    static final long HUNGRY = 1;

    /** Per endpoint, as another replica said it. */
    public record Endpoint(long id, int inflight, long quotaTokens, long cooldownUntil, boolean hungry) {
    }

    public static long[] encode(long nowMillis, long startedAtMillis, List<Upstream> upstreams, Predicate<Upstream> hungry) {
        long[] values = new long[HEAD + FIELDS * upstreams.size()];
        values[0] = VERSION;
        values[1] = nowMillis;
        values[2] = startedAtMillis;
        int i = HEAD;
        for (Upstream u : upstreams) {
            UpstreamState state = u.state();
            values[i] = u.id();
            values[i + 1] = state.inflight();
            values[i + 2] = state.localQuotaLoad();
            values[i + 3] = state.cooldown.following() ? 0 : state.cooldown.openUntil();
            values[i + 4] = hungry.test(u) ? HUNGRY : 0;
            i += FIELDS;
        }
        return values;
    }

    /** @return null for a value this version does not read */
    public static Heartbeat decode(long[] values) {
        if (values == null || values.length < HEAD || values[0] != VERSION || (values.length - HEAD) % FIELDS != 0) {
            return null;
        }
        return new Heartbeat(values[1], values[2], values);
    }

    /** The endpoint's numbers, or null when this replica does not know it (yet). */
    public Endpoint endpoint(long id) {
        for (int i = HEAD; i < values.length; i += FIELDS) {
            if (values[i] == id) {
                return new Endpoint(id, (int) values[i + 1], values[i + 2], values[i + 3], (values[i + 4] & HUNGRY) != 0);
            }
        }
        return null;
    }

    /** Requests in flight over all endpoints. */
    public int inflight() {
        int sum = 0;
        for (int i = HEAD; i < values.length; i += FIELDS) {
            sum += (int) values[i + 1];
        }
        return sum;
    }
}
