package org.llmlb.wsproxy.live.control;

import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.llmlb.wsproxy.engine.entity.RequestRecord;
import org.llmlb.wsproxy.engine.entity.RunState;
import org.llmlb.wsproxy.engine.entity.Second;
import org.llmlb.wsproxy.engine.entity.SignalSample;

/**
 * The messages of the WebSocket channel, in the snake_case the UI and the headless API share.
 * A {@code second} also carries the engine's self-check for that second: {@code requested}
 * (arrivals the profile planned; null for closed loop), {@code lag_ms} (how late they went out)
 * and {@code engine_cpu_percent}.
 * Times are milliseconds, except {@code sent_at} (epoch milliseconds) and
 * {@code elapsed_seconds}.
 */
public final class LiveMessages {

    private LiveMessages() {
    }

    /** {@code clientId} is the start message's own, echoed so a client can match the answer to its card. */
    public static JsonObject started(String runId, String name, String clientId) {
        JsonObjectBuilder m = Json.createObjectBuilder().add("type", "started").add("id", runId);
        nullable(m, "name", name);
        return withClientId(m, clientId).build();
    }

    public static JsonObject error(String message, String clientId) {
        return withClientId(Json.createObjectBuilder().add("type", "error"), clientId).add("message", message).build();
    }

    /** {@code summary} is the run's whole summary so far, as the headless API shows it. */
    public static JsonObject second(String runId, Second s, int droppedRecords, JsonObject summary) {
        return second(runId, s, droppedRecords, summary, null, null);
    }

    /**
     * With the target's newest signals ({@code signals}: key → value, null before the first
     * sample) and {@code signals_note}, why the source gives nothing (null while it works).
     */
    public static JsonObject second(String runId, Second s, int droppedRecords, JsonObject summary, SignalSample signals,
                             String signalsNote) {
        JsonObjectBuilder m = Json.createObjectBuilder().add("type", "second").add("id", runId)
                .add("elapsed_seconds", Math.round(s.elapsedSeconds() * 1000) / 1000.0)
                .add("requests", s.requests()).add("errors", s.errors()).add("output_tokens", s.outputTokens())
                .add("offered", s.offered()).add("in_flight", s.inFlight());
        latency(m, "ttft_ms", s.ttftMs());
        latency(m, "e2e_ms", s.e2eMs());
        latency(m, "itl_ms", s.itlMs());
        if (s.requested() == null) {
            m.addNull("requested");
        } else {
            m.add("requested", s.requested());
        }
        latency(m, "lag_ms", s.lagMs());
        m.add("engine_cpu_percent", s.engineCpuPercent());
        if (signals == null) {
            m.addNull("signals");
        } else {
            JsonObjectBuilder values = Json.createObjectBuilder();
            signals.values().forEach(values::add);
            m.add("signals", Json.createObjectBuilder().add("elapsed_seconds", signals.elapsedSeconds()).add("values", values));
        }
        nullable(m, "signals_note", signalsNote);
        return m.add("dropped_records", droppedRecords).add("summary", summary).build();
    }

    public static JsonObject requests(String runId, List<RequestRecord> records) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        records.forEach(r -> list.add(record(r)));
        return Json.createObjectBuilder().add("type", "requests").add("id", runId).add("records", list).build();
    }

    public static JsonObject ended(String runId, RunState state) {
        return Json.createObjectBuilder().add("type", "ended").add("id", runId).add("state", state.wire()).build();
    }

    public static JsonObject record(RequestRecord r) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("sent_at", r.sentAtMillis()).add("status", r.status())
                .add("error", r.error()).add("ttft_ms", r.hasTtft() ? r.ttftNanos() / 1e6 : -1)
                .add("e2e_ms", r.e2eNanos() / 1e6)
                .add("itl_ms_mean", r.itlMeanNanos() < 0 ? -1 : r.itlMeanNanos() / 1e6)
                .add("output_tokens", r.outputTokens()).add("tokens_estimated", r.tokensEstimated())
                .add("prompt_tokens", r.promptTokens()).add("tokens_source", r.tokensSource()).add("turn", r.turn());
        nullable(json, "endpoint", r.endpoint());
        nullable(json, "cache", r.cache());
        nullable(json, "error_code", r.errorCode());
        return nullable(json, "error_message", r.errorMessage()).build();
    }

    private static void latency(JsonObjectBuilder m, String field, Second.Latency l) {
        if (l == null) {
            m.addNull(field);
        } else {
            m.add(field, Json.createObjectBuilder().add("p50", l.p50()).add("p95", l.p95()).add("p99", l.p99()));
        }
    }

    private static JsonObjectBuilder withClientId(JsonObjectBuilder m, String clientId) {
        return clientId == null ? m : m.add("client_id", clientId);
    }

    private static JsonObjectBuilder nullable(JsonObjectBuilder m, String field, String value) {
        return value == null ? m.addNull(field) : m.add(field, value);
    }
}
