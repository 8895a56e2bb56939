package org.llmlb.balancer.routing.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmlb.balancer.routing.control.RoutingFixture.endpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.llmlb.balancer.routing.entity.Affinity;
import org.llmlb.balancer.routing.entity.RoutingMode;
import org.llmlb.balancer.routing.entity.Scope;

class AffinityTest {

    final RoutingFixture fixture = new RoutingFixture(RoutingMode.LEAST_LOAD,
            endpoint(1, "a", 0, 0, 0), endpoint(2, "b", 0, 0, 0), endpoint(3, "c", 0, 0, 0));

    Lease route(SessionKey session) {
        return fixture.router.route(Scope.DEFAULT, null, Set.of(), 100, session);
    }

    SessionKey user(String id) {
        return fixture.router.session(id, null, new byte[0], 0, 0);
    }

    SessionKey prompt(String messages) {
        byte[] body = ("{\"messages\":" + messages + "}").getBytes(StandardCharsets.UTF_8);
        return fixture.router.session(null, null, body, 12, body.length - 1);
    }

    @Test
    void withoutAffinityThereIsNoSession() {
        assertThat(user("alice")).isNull();
        assertThat(prompt("[{\"role\":\"user\",\"content\":\"hi\"}]")).isNull();
    }

    @Test
    void aUserStaysOnOneEndpointAndUsersSpreadOverAll() {
        fixture.router.affinity(Affinity.USER);
        Map<String, Set<String>> endpointsOf = new HashMap<>();
        Map<String, Integer> users = new HashMap<>();
        for (int u = 0; u < 60; u++) {
            for (int i = 0; i < 5; i++) {
                Lease lease = route(user("user-" + u));
                endpointsOf.computeIfAbsent("user-" + u, k -> new HashSet<>()).add(lease.upstream.name());
                lease.release();
            }
            users.merge(endpointsOf.get("user-" + u).iterator().next(), 1, Integer::sum);
        }
        assertThat(endpointsOf.values()).allSatisfy(set -> assertThat(set).hasSize(1));
        assertThat(users).containsOnlyKeys("a", "b", "c");
        assertThat(users.values()).allSatisfy(n -> assertThat(n).isBetween(8, 35));
        assertThat(fixture.router.affinityHits()).isEqualTo(300);
        assertThat(fixture.router.affinityOverflows()).isZero();
    }

    @Test
    void aSessionMovesWhenItsEndpointCarriesMoreThanTheLoadFactorOfTheAverage() {
        fixture.router.affinity(Affinity.HEADER);
        SessionKey session = fixture.router.session(null, "conversation-7", new byte[0], 0, 0);
        String home = route(session).upstream.name();
        List<Lease> open = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            Lease lease = route(session);
            used.add(lease.upstream.name());
            open.add(lease);
        }
        // bounded load (factor 1.25): the home never holds more than its share plus a quarter
        long onHome = fixture.upstreams.all().stream().filter(u -> u.name().equals(home))
                .mapToInt(u -> u.state().inflight()).sum();
        assertThat(onHome).isLessThanOrEqualTo(6);
        assertThat(used).hasSizeGreaterThan(1);
        assertThat(fixture.router.affinityOverflows()).isPositive();
        open.forEach(Lease::release);
        fixture.upstreams.all().forEach(u -> {
            while (u.state().inflight() > 0) {
                u.state().releaseSlot();
            }
        });
        assertThat(route(session).upstream.name()).as("back home once the load is gone").isEqualTo(home);
    }

    @Test
    void aSessionWhoseEndpointIsGoneMovesAndOthersStayWhereTheyWere() {
        fixture.router.affinity(Affinity.USER);
        Map<String, String> before = new HashMap<>();
        for (int u = 0; u < 30; u++) {
            Lease lease = route(user("u" + u));
            before.put("u" + u, lease.upstream.name());
            lease.release();
        }
        fixture.replace(endpoint(1, "a", 0, 0, 0), endpoint(2, "b", 0, 0, 0));
        for (int u = 0; u < 30; u++) {
            Lease lease = route(user("u" + u));
            if (!before.get("u" + u).equals("c")) {
                assertThat(lease.upstream.name()).as("u" + u + " stays").isEqualTo(before.get("u" + u));
            }
            lease.release();
        }
    }

    @Test
    void aConversationFollowsTheEndpointThatHoldsItsPrefix() {
        fixture.router.affinity(Affinity.PREFIX);
        String system = "{\"role\":\"system\",\"content\":\"You are a careful assistant for billing questions.\"}";
        String turn1 = "[" + system + ",{\"role\":\"user\",\"content\":\"Why was I charged twice in March?\"}]";
        String turn2 = "[" + system + ",{\"role\":\"user\",\"content\":\"Why was I charged twice in March?\"},"
                + "{\"role\":\"assistant\",\"content\":\"Two invoices were issued.\"},"
                + "{\"role\":\"user\",\"content\":\"Can you refund one?\"}]";
        Lease first = route(prompt(turn1));
        first.release();
        for (int i = 0; i < 10; i++) {
            Lease next = route(prompt(turn2));
            assertThat(next.upstream.name()).isEqualTo(first.upstream.name());
            next.release();
        }
        assertThat(prompt(turn2).hashes()).hasSizeGreaterThan(prompt(turn1).hashes().length);
    }

    @Test
    void thePrefixIndexHasAFixedSizeHoweverManySessionsCome() {
        AffinityIndex index = new AffinityIndex(64);
        for (long h = 1; h <= 100_000; h++) {
            index.put(h * 0x9E3779B97F4A7C15L, h % 3);
        }
        long kept = 0;
        for (long h = 99_937; h <= 100_000; h++) {
            if (index.get(h * 0x9E3779B97F4A7C15L) == h % 3) {
                kept++;
            }
        }
        assertThat(kept).as("recent entries are found").isPositive();
        assertThat(index.get(12345)).isEqualTo(-1);
    }

    @Test
    void anEntryNodesOwnAffinityOverridesTheGlobalOne() {
        Scope byUser = Scope.of(null, null, Affinity.USER);
        Scope without = Scope.of(null, null, Affinity.NONE);
        assertThat(fixture.router.session(byUser, "alice", null, new byte[0], 0, 0)).isNotNull();
        assertThat(fixture.router.session(Scope.DEFAULT, "alice", null, new byte[0], 0, 0))
                .as("the global affinity is none").isNull();

        fixture.router.affinity(Affinity.USER);
        assertThat(fixture.router.session(without, "alice", null, new byte[0], 0, 0))
                .as("a node with affinity none keeps none under a global user affinity").isNull();
        assertThat(fixture.router.session(Scope.DEFAULT, "alice", null, new byte[0], 0, 0)).isNotNull();
    }

    @Test
    void prefixAffinityOfOneNodeWorksWhileTheGlobalOneIsNone() {
        Scope byPrefix = Scope.of(null, null, Affinity.PREFIX);
        byte[] body = ("{\"messages\":[{\"role\":\"system\",\"content\":\"" + "x".repeat(600) + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        SessionKey first = fixture.router.session(byPrefix, null, null, body, 12, body.length - 1);
        Lease lease = fixture.router.route(byPrefix, null, Set.of(), 100, first);
        String home = lease.upstream.name();
        lease.release();
        for (int i = 0; i < 10; i++) {
            Lease again = fixture.router.route(byPrefix, null, Set.of(), 100,
                    fixture.router.session(byPrefix, null, null, body, 12, body.length - 1));
            assertThat(again.upstream.name()).isEqualTo(home);
            again.release();
        }
    }
}
