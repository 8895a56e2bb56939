package org.llmlb.balancer.health.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmlb.balancer.Balancer;
import org.llmlb.balancer.MutableClock;
import org.llmlb.balancer.routing.control.UpstreamState;
import org.llmlb.balancer.routing.control.Upstreams;
import org.llmlb.balancer.routing.entity.RoutingMode;
import org.llmlb.balancer.routing.entity.Upstream;
import org.llmlb.balancer.stats.control.Statistics;

class HealthReportTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final Table table = new Table();
    final Rates rates = new Rates();
    final Shutdown shutdown = new Shutdown();
    final HealthReport report = new HealthReport();
    final UpstreamState busy = new UpstreamState(clock, 3, 20_000, 300_000);

    /** The routing table as the admin API replaces it: a new list on every change. */
    static final class Table extends Upstreams {
        volatile List<Upstream> current = List.of();

        @Override
        public List<Upstream> all() {
            return current;
        }
    }

    static final class Rates extends Statistics {
        volatile double tokens;
        volatile double requests;

        @Override
        public double tokensPerSecond() {
            return tokens;
        }

        @Override
        public double requestsPerSecond() {
            return requests;
        }
    }

    static final class Shutdown extends Drain {
        volatile boolean now;

        @Override
        public boolean draining() {
            return now;
        }
    }

    @BeforeEach
    void wire() {
        report.upstreams = table;
        report.statistics = rates;
        report.drain = shutdown;
        report.clock = clock;
        table.current = List.of(upstream(1, true, busy), upstream(2, false, new UpstreamState(clock, 3, 20_000, 300_000)));
        table.mode(RoutingMode.PERCENTAGE);
    }

    Upstream upstream(long id, boolean connected, UpstreamState state) {
        return new Upstream(id, "e" + id, URI.create("http://127.0.0.1:1/v1"), null, true, connected, 0, 0, 0,
                Duration.ofSeconds(5), true, state);
    }

    String json() {
        return new String(report.snapshot().json(), StandardCharsets.UTF_8);
    }

    @Test
    void answersTheSeedsJson() {
        rates.tokens = 1250.504;
        rates.requests = 8.3;
        busy.tryAcquire(0);

        assertThat(json()).isEqualTo("{\"status\":\"ok\",\"version\":\"" + Balancer.VERSION
                + "\",\"endpoints\":2,\"connected\":1,\"routing_mode\":\"percentage\",\"tokens_per_second\":1250.5,"
                + "\"requests_per_second\":8.3,\"total_inflight\":1}");
        assertThat(report.snapshot().healthy()).isTrue();
    }

    @Test
    void keepsTheSameBytesWhileNothingChanges() {
        byte[] first = report.snapshot().json();
        clock.advance(Duration.ofMillis(HealthReport.RATES_REFRESH_MILLIS - 1));

        assertThat(report.snapshot().json()).isSameAs(first);
    }

    @Test
    void showsAConfigurationChangeAtOnce() {
        json();
        table.current = List.of(upstream(1, true, busy));
        assertThat(json()).contains("\"endpoints\":1,");

        table.mode(RoutingMode.PRIORITY);
        assertThat(json()).contains("\"routing_mode\":\"priority\"");
    }

    @Test
    void showsRequestsInFlightAtOnce() {
        json();
        busy.tryAcquire(0);
        assertThat(json()).contains("\"total_inflight\":1}");

        busy.releaseSlot();
        assertThat(json()).contains("\"total_inflight\":0}");
    }

    @Test
    void showsDrainingAtOnce() {
        json();
        shutdown.now = true;

        assertThat(report.snapshot().healthy()).isFalse();
        assertThat(json()).startsWith("{\"status\":\"draining\",");
    }

    @Test
    void refreshesTheRatesAfterAtMostTheRefreshPeriod() {
        json();
        rates.requests = 4;
        assertThat(json()).as("within the period").contains("\"requests_per_second\":0.0,");

        clock.advance(Duration.ofMillis(HealthReport.RATES_REFRESH_MILLIS));
        assertThat(json()).contains("\"requests_per_second\":4.0,");
    }
}
