package org.llmlb.balancer.cluster.control;

import java.util.Map;
import java.util.TreeMap;

/**
 * A cluster-wide {@code max_concurrent}: its slots are leased to the replicas, and the leases,
 * kept in one data-grid entry per endpoint and changed only by compare-and-set, never add up to
 * more than the cap. A replica routes only within its lease, so the request path asks nobody.
 * Each exchange interval a replica may take free slots when it has requests waiting, and gives
 * back the ones it does not use when another replica waits (keeping its fair share, {@code
 * cap / replicas}, while it is busy itself). The entry reads {@code name=slots,name=slots}.
 */
public final class SlotShares {

    private SlotShares() {
    }

    public static Map<String, Integer> parse(String entry) {
        Map<String, Integer> leases = new TreeMap<>();
        if (entry == null || entry.isEmpty()) {
            return leases;
        }
        for (String part : entry.split(",")) {
            int eq = part.lastIndexOf('=');
            if (eq > 0) {
                try {
                    leases.put(part.substring(0, eq), Integer.parseInt(part.substring(eq + 1)));
                } catch (NumberFormatException ignored) {
                    // a damaged part holds nothing
                }
            }
        }
        return leases;
    }

    public static String format(Map<String, Integer> leases) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(leases).forEach((name, slots) -> {
            if (slots > 0) {
                if (text.length() > 0) {
                    text.append(',');
                }
                text.append(name).append('=').append(slots);
            }
        });
        return text.toString();
    }

    /**
     * The lease a replica aims at this interval.
     *
     * @param mine     its lease now
     * @param inflight its requests in flight on the endpoint
     * @param hungry   it has requests waiting and every slot of its lease in use
     * @param othersHungry another replica is so
     * @param others   the other replicas' leases together
     * @param replicas the live replicas, this one included
     */
    public static int target(int cap, int mine, int inflight, boolean hungry, boolean othersHungry, int others,
                             int replicas) {
        int free = Math.max(0, cap - others - mine);
        int target = mine;
        if (hungry) {
            target = mine + free;
        } else if (mine == 0 && free > 0) {
            target = 1; // one slot ready, so a first request need not wait an interval
        }
        if (othersHungry) {
            int fair = Math.max(1, cap / Math.max(1, replicas));
            int keep = hungry ? fair : Math.min(fair, inflight + 1);
            if (target > keep) {
                target = Math.max(keep, Math.min(target, inflight));
            }
        }
        // the cap was lowered, or leases of departed replicas not yet given back: never over it
        return Math.max(0, Math.min(target, cap - others));
    }

    /** What to keep in the entry: the target, and slots above it that requests still use. */
    public static int held(int target, int inflight) {
        return Math.max(target, inflight);
    }
}
