package org.llmlb.wsproxy.live.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.engine.entity.RequestRecord;
import org.llmlb.wsproxy.engine.entity.RunState;
import org.llmlb.wsproxy.engine.entity.Second;

class LiveMessagesTest {

    static final long MS = 1_000_000;

    @Test
    void startedEchoesTheClientIdAndTheCardName() {
        assertThat(LiveMessages.started("r1", "card", "c1").toString())
                .isEqualTo("{\"type\":\"started\",\"id\":\"r1\",\"name\":\"card\",\"client_id\":\"c1\"}");
    }

    @Test
    void withoutAClientIdThereIsNoSuchField() {
        JsonObject started = LiveMessages.started("r1", null, null);
        assertThat(started.keySet()).containsExactlyInAnyOrder("type", "id", "name");
        assertThat(started.get("name")).isEqualTo(JsonValue.NULL);
        assertThat(LiveMessages.error("bad", null).keySet()).containsExactlyInAnyOrder("type", "message");
        assertThat(LiveMessages.error("bad", "c2").getString("client_id")).isEqualTo("c2");
    }

    @Test
    void aSecondCarriesCountsAndLatenciesOrNull() {
        Second s = new Second(3.0004, 7, 1, 60, 8, 2, new Second.Latency(50, 60, 70), null, new Second.Latency(1, 2, 3));

        JsonObject m = LiveMessages.second("r1", s, 0, JsonValue.EMPTY_JSON_OBJECT);

        assertThat(m.getJsonNumber("elapsed_seconds").doubleValue()).isEqualTo(3.0);
        assertThat(m.getInt("requests")).isEqualTo(7);
        assertThat(m.getInt("errors")).isEqualTo(1);
        assertThat(m.getInt("output_tokens")).isEqualTo(60);
        assertThat(m.getInt("offered")).isEqualTo(8);
        assertThat(m.getInt("in_flight")).isEqualTo(2);
        assertThat(m.getJsonObject("ttft_ms").toString()).isEqualTo("{\"p50\":50.0,\"p95\":60.0,\"p99\":70.0}");
        assertThat(m.get("e2e_ms")).isEqualTo(JsonValue.NULL);
        assertThat(m.getJsonObject("itl_ms").getJsonNumber("p99").doubleValue()).isEqualTo(3);
        assertThat(m.getInt("dropped_records")).isZero();
        assertThat(m.getJsonObject("summary")).isEmpty();
        assertThat(m.get("requested")).isEqualTo(JsonValue.NULL);
        assertThat(m.get("lag_ms")).isEqualTo(JsonValue.NULL);
    }

    @Test
    void aSecondOfAnOpenLoopCarriesItsSelfCheck() {
        Second s = new Second(1, 7, 0, 60, 20, 2, null, null, null, 20L, new Second.Latency(0.1, 0.2, 0.3), 12.5);

        JsonObject m = LiveMessages.second("r1", s, 0, JsonValue.EMPTY_JSON_OBJECT);

        assertThat(m.getInt("requested")).isEqualTo(20);
        assertThat(m.getJsonObject("lag_ms").getJsonNumber("p99").doubleValue()).isEqualTo(0.3);
        assertThat(m.getJsonNumber("engine_cpu_percent").doubleValue()).isEqualTo(12.5);
    }

    @Test
    void aRecordSaysWhenItWasSentAndItsMeanGap() {
        RequestRecord r = new RequestRecord(200, false, 40 * MS, 100 * MS, new long[] {10 * MS, 20 * MS}, 3, false)
                .servedBy("gpu-1", "MISS").sentAt(1_700_000_000_123L).prompt(17, 9, 2);

        JsonObject json = LiveMessages.requests("r1", List.of(r)).getJsonArray("records").getJsonObject(0);

        assertThat(json.getJsonNumber("sent_at").longValue()).isEqualTo(1_700_000_000_123L);
        assertThat(json.getJsonNumber("itl_ms_mean").doubleValue()).isEqualTo(15.0);
        assertThat(json.getJsonNumber("ttft_ms").doubleValue()).isEqualTo(40.0);
        assertThat(json.getJsonNumber("e2e_ms").doubleValue()).isEqualTo(100.0);
        assertThat(json.getString("endpoint")).isEqualTo("gpu-1");
        assertThat(json.getString("cache")).isEqualTo("MISS");
        // usage said 17 prompt tokens: the estimate of 9 words is not used
        assertThat(json.getInt("prompt_tokens")).isEqualTo(17);
        assertThat(json.getString("tokens_source")).isEqualTo("usage");
        assertThat(json.getInt("turn")).isEqualTo(2);
        assertThat(json.keySet()).containsExactlyInAnyOrder("sent_at", "status", "error", "ttft_ms", "e2e_ms",
                "itl_ms_mean", "output_tokens", "tokens_estimated", "endpoint", "cache", "error_code", "error_message",
                "prompt_tokens", "tokens_source", "turn");
    }

    @Test
    void aRecordWithoutUsageSaysItsTokensWereCounted() {
        RequestRecord r = new RequestRecord(200, false, 40 * MS, 100 * MS, new long[0], 3, true).prompt(-1, 9, 1);

        JsonObject json = LiveMessages.record(r);

        assertThat(json.getString("tokens_source")).isEqualTo("counted");
        assertThat(json.getInt("prompt_tokens")).isEqualTo(9);
    }

    @Test
    void aFailedRecordHasNoGapsOrEndpointButItsErrorCode() {
        JsonObject json = LiveMessages.record(RequestRecord.failed(503, 5 * MS, "no_endpoints_available", "none"));
        assertThat(json.getString("error_code")).isEqualTo("no_endpoints_available");
        assertThat(json.getString("error_message")).isEqualTo("none");
        assertThat(json.getJsonNumber("itl_ms_mean").doubleValue()).isEqualTo(-1);
        assertThat(json.getJsonNumber("ttft_ms").doubleValue()).isEqualTo(-1);
        assertThat(json.get("endpoint")).isEqualTo(JsonValue.NULL);
    }

    @Test
    void endedSaysHow() {
        assertThat(LiveMessages.ended("r1", RunState.STOPPED).toString())
                .isEqualTo("{\"type\":\"ended\",\"id\":\"r1\",\"state\":\"stopped\"}");
    }
}
