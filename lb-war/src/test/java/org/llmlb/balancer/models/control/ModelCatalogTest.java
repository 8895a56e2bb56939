package org.llmlb.balancer.models.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmlb.balancer.MutableClock;
import org.llmlb.balancer.routing.control.UpstreamState;
import org.llmlb.balancer.routing.control.Upstreams;
import org.llmlb.balancer.routing.entity.Scope;
import org.llmlb.balancer.routing.entity.Upstream;

class ModelCatalogTest {

    static final long COOLDOWN_MILLIS = 20_000;

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final Map<Long, UpstreamState> states = new HashMap<>();
    final Table table = new Table();
    final ModelCatalog catalog = new ModelCatalog();

    /** The routing table as the admin API replaces it: a new list on every change. */
    static final class Table extends Upstreams {
        volatile List<Upstream> current = List.of();

        @Override
        public List<Upstream> all() {
            return current;
        }
    }

    @BeforeEach
    void wire() {
        catalog.upstreams = table;
        catalog.clock = clock;
        table.current = List.of(upstream(1, true, true), upstream(2, true, true));
        listed(1, "a", "b");
        listed(2, "b", "c");
    }

    Upstream upstream(long id, boolean enabled, boolean connected) {
        UpstreamState state = states.computeIfAbsent(id, key -> new UpstreamState(clock, 1, COOLDOWN_MILLIS, 300_000));
        return new Upstream(id, "e" + id, URI.create("http://127.0.0.1:1/v1"), null, enabled, connected, 0, 0, 0,
                Duration.ofSeconds(5), true, state);
    }

    void listed(long id, String... models) {
        List<JsonObject> list = Arrays.stream(models)
                .map(m -> Json.createObjectBuilder().add("id", m).add("object", "model").add("owned_by", "e" + id).build())
                .toList();
        catalog.known(table.all().stream().filter(u -> u.id() == id).findFirst().orElseThrow(), list, Set.of(models));
    }

    String json(Scope scope) {
        return new String(catalog.json(scope), StandardCharsets.UTF_8);
    }

    @Test
    void answersTheUnionInTheShapeOfOpenAiFirstEndpointWinningPerId() {
        assertThat(json(Scope.DEFAULT)).isEqualTo("{\"object\":\"list\",\"data\":["
                + "{\"id\":\"a\",\"object\":\"model\",\"owned_by\":\"e1\"},"
                + "{\"id\":\"b\",\"object\":\"model\",\"owned_by\":\"e1\"},"
                + "{\"id\":\"c\",\"object\":\"model\",\"owned_by\":\"e2\"}]}");
        assertThat(catalog.available(Scope.DEFAULT)).extracting(m -> m.getString("id")).containsExactly("a", "b", "c");
    }

    @Test
    void keepsTheSameBytesWhileNothingChanges() {
        byte[] first = catalog.json(Scope.DEFAULT);
        listed(2, "b", "c");
        clock.advance(Duration.ofMinutes(5));

        assertThat(catalog.json(Scope.DEFAULT)).isSameAs(first);
    }

    @Test
    void aChangedModelListChangesTheNextAnswer() {
        json(Scope.DEFAULT);
        listed(2, "b", "d");

        assertThat(json(Scope.DEFAULT)).contains("\"d\"").doesNotContain("\"c\"");
    }

    @Test
    void aForgottenEndpointsModelsGoAtOnce() {
        json(Scope.DEFAULT);
        catalog.forget(2);

        assertThat(json(Scope.DEFAULT)).doesNotContain("\"c\"").contains("\"a\"");
    }

    @Test
    void aDisabledOrUnwiredEndpointDropsOutOfTheNextAnswer() {
        json(Scope.DEFAULT);
        table.current = List.of(upstream(1, true, true), upstream(2, false, true));
        assertThat(json(Scope.DEFAULT)).doesNotContain("\"c\"");

        table.current = List.of(upstream(1, true, false), upstream(2, true, true));
        assertThat(json(Scope.DEFAULT)).doesNotContain("\"a\"").contains("\"c\"");
    }

    @Test
    void anEndpointIsLeftOutWhileItCoolsDownAndBackWhenItEnds() {
        json(Scope.DEFAULT);
        states.get(2L).cooldown.failure(clock.millis());
        assertThat(json(Scope.DEFAULT)).doesNotContain("\"c\"");

        clock.advance(Duration.ofMillis(COOLDOWN_MILLIS));
        assertThat(json(Scope.DEFAULT)).contains("\"c\"");
    }

    @Test
    void eachScopeHasItsOwnAnswer() {
        Scope onlyTwo = Scope.of(Set.of(2L), null);
        table.current = List.of(upstream(1, true, true), upstream(2, true, false));

        assertThat(json(Scope.DEFAULT)).contains("\"a\"").doesNotContain("\"c\"");
        assertThat(json(onlyTwo)).doesNotContain("\"a\"").contains("\"b\"", "\"c\"");
        assertThat(json(Scope.DEFAULT)).contains("\"a\"").doesNotContain("\"c\"");
    }

    @Test
    void noEndpointMeansAnEmptyList() {
        table.current = List.of();
        assertThat(json(Scope.DEFAULT)).isEqualTo("{\"object\":\"list\",\"data\":[]}");
    }

    @Test
    void aBaseUrlWithoutV1GetsAHintWhenItsModelListIsNotThere() {
        Upstream bare = new Upstream(9, "bare", URI.create("http://localhost:8088/sim/fast"), null, true, true, 0, 0, 0,
                Duration.ofSeconds(5), true, new UpstreamState(clock, 1, COOLDOWN_MILLIS, 300_000));
        assertThat(ModelCatalog.hint(bare, 404)).contains("does not end in /v1").contains("http://localhost:8088/sim/fast/v1");
        assertThat(ModelCatalog.hint(upstream(1, true, true), 404)).isNull();
        assertThat(ModelCatalog.hint(upstream(1, true, true), 401)).contains("api_key");
        assertThat(ModelCatalog.hint(bare, 500)).isNull();
    }
}
