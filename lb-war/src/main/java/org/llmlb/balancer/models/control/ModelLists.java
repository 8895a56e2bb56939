package org.llmlb.balancer.models.control;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;

import org.llmlb.balancer.routing.entity.Scope;
import org.llmlb.balancer.routing.entity.Upstream;

/**
 * The {@code /v1/models} answer of each scope, kept as ready JSON bytes. Building it per request
 * cost more than proxying a chat completion (a JSON-P provider lookup scans the class path under
 * the class loaders' locks). The answer depends on the routing table and the model lists, which
 * change by replacement and by version, and on which endpoints cool down, which changes with time
 * and failures: so every request checks which endpoints count now (a walk over the table that
 * allocates nothing) and the answer is built again only when any of the three differs.
 */
final class ModelLists {

    /** Looked up once: {@code Json.create…} searches for the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();
    /** Scopes come from configured blocks only; old ones pile up only across many block edits. */
    private static final int MAX_SCOPES = 1024;

    private final Map<String, Answer> byScope = new ConcurrentHashMap<>();

    /**
     * @param version the model lists' version, read before {@code listed} is asked, so a list that
     *                changes meanwhile makes the next request build again
     */
    byte[] json(Scope scope, List<Upstream> table, long version, long now, LongFunction<List<JsonObject>> listed) {
        Answer ready = byScope.get(scope.key());
        if (ready != null && ready.table == table && ready.version == version && ready.countsSame(scope, now)) {
            return ready.json;
        }
        Answer fresh = build(scope, table, version, now, listed);
        if (byScope.size() >= MAX_SCOPES) {
            byScope.clear();
        }
        byScope.put(scope.key(), fresh);
        return fresh.json;
    }

    /** Union of models of the enabled endpoints the scope reaches that are not cooling down, first one per id. */
    static List<JsonObject> union(Scope scope, List<Upstream> table, long now, LongFunction<List<JsonObject>> listed) {
        Map<String, JsonObject> union = new LinkedHashMap<>();
        for (Upstream u : table) {
            if (counts(u, scope, now)) {
                for (JsonObject model : listed.apply(u.id())) {
                    union.putIfAbsent(model.getString("id", ""), model);
                }
            }
        }
        return new ArrayList<>(union.values());
    }

    private static boolean counts(Upstream u, Scope scope, long now) {
        return u.enabled() && scope.reaches(u) && !u.state().cooldown.inCooldown(now);
    }

    private static Answer build(Scope scope, List<Upstream> table, long version, long now,
                                LongFunction<List<JsonObject>> listed) {
        JsonArrayBuilder data = JSON.createArrayBuilder();
        union(scope, table, now, listed).forEach(data::add);
        byte[] json = JSON.createObjectBuilder().add("object", "list").add("data", data).build().toString()
                .getBytes(StandardCharsets.UTF_8);
        long[] counted = table.stream().filter(u -> counts(u, scope, now)).mapToLong(Upstream::id).toArray();
        return new Answer(table, version, counted, json);
    }

    /** One scope's bytes and what they were built from. */
    private static final class Answer {
        final List<Upstream> table;
        final long version;
        final long[] counted;
        final byte[] json;

        Answer(List<Upstream> table, long version, long[] counted, byte[] json) {
            this.table = table;
            this.version = version;
            this.counted = counted;
            this.json = json;
        }

        /** Whether the same endpoints count now as when the bytes were built (cooldowns begin and end). */
        boolean countsSame(Scope scope, long now) {
            int i = 0;
            for (Upstream u : table) {
                if (counts(u, scope, now) && (i == counted.length || counted[i++] != u.id())) {
                    return false;
                }
            }
            return i == counted.length;
        }
    }
}
