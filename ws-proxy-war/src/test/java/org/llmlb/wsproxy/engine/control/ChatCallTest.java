package org.llmlb.wsproxy.engine.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArray;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.engine.entity.LoadProfile;
import org.llmlb.wsproxy.engine.entity.ModelConfig;
import org.llmlb.wsproxy.engine.entity.Slo;
import org.llmlb.wsproxy.presets.entity.Preset;
import org.llmlb.wsproxy.workload.entity.Distribution;
import org.llmlb.wsproxy.workload.entity.SharedPrefix;
import org.llmlb.wsproxy.workload.entity.Workload;

class ChatCallTest {

    static final Preset PRESET = new Preset("p", "three prompts", List.of("one", "two", "three"));

    static Card card(Preset preset, JsonArray messages) {
        return card(preset, messages, "k", false);
    }

    static Card card(Preset preset, JsonArray messages, String apiKey, boolean useCache) {
        return new Card("c", "http://127.0.0.1:1/v1/", apiKey, "m", preset, messages,
                new LoadProfile.ConstantConcurrency(1), new ModelConfig(8, 0.5, true), 1L, null, Slo.NONE, useCache);
    }

    @Test
    void cyclesThroughThePresetPromptsInTurn() {
        ChatCall call = new ChatCall(card(PRESET, null), Clock.systemUTC());
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            prompts.add(prompt(call));
        }
        assertThat(prompts).containsExactly("one", "two", "three", "one", "two", "three", "one");
    }

    @Test
    void explicitMessagesWinOverAPreset() {
        JsonArray own = Json.createArrayBuilder().add(Json.createObjectBuilder().add("role", "user").add("content", "mine")).build();
        ChatCall call = new ChatCall(card(PRESET, own), Clock.systemUTC());
        assertThat(List.of(prompt(call), prompt(call))).containsExactly("mine", "mine");
    }

    @Test
    void emptyMessagesFallBackToThePreset() {
        assertThat(prompt(new ChatCall(card(PRESET, JsonArray.EMPTY_JSON_ARRAY), Clock.systemUTC()))).isEqualTo("one");
    }

    @Test
    void theBodyAsksForUsageWhenStreaming() {
        var body = Json.createReader(new StringReader(ChatCall.body(card(null, null), ChatCall.conversations(card(null, null)).get(0))))
                .readObject();
        assertThat(body.getJsonObject("stream_options").getBoolean("include_usage")).isTrue();
        assertThat(body.getInt("max_tokens")).isEqualTo(8);
        assertThat(body.getString("model")).isEqualTo("m");
    }

    @Test
    void requestsSkipAResponseCacheUnlessTheCardUsesIt() {
        assertThat(ChatCall.headers(card(null, null, "k", false)))
                .containsSubsequence("Cache-Control", "no-cache")
                .containsSubsequence("Authorization", "Bearer k")
                .containsSubsequence("Accept", "text/event-stream");
        assertThat(ChatCall.headers(card(null, null, null, true))).doesNotContain("Cache-Control", "Authorization");
    }

    /** The user prompt of the next request, read back from its body. */
    static String prompt(ChatCall call) {
        return Json.createReader(new StringReader(call.body(call.next()))).readObject().getJsonArray("messages")
                .getJsonObject(0).getString("content");
    }

    @Test
    void aWorkloadBodyHasTheTurnsMessagesMaxTokensAndIgnoreEosAroundTheCardsFields() {
        Card plain = card(null, null);
        Workload w = new Workload(Workload.Source.SYNTHETIC, 3, new Distribution.Fixed(12), new Distribution.Uniform(20, 30),
                true, null, null, 1);
        ChatCall call = new ChatCall(new Card("c", plain.baseUrl(), "k", "m\"x", null, null, plain.profile(),
                plain.modelConfig(), 1L, null, Slo.NONE, false, w), Clock.systemUTC());

        var body = Json.createReader(new StringReader(call.body(call.nextTurn()))).readObject();

        assertThat(body.getString("model")).isEqualTo("m\"x");
        assertThat(body.getInt("max_tokens")).isBetween(20, 30);
        assertThat(body.getBoolean("ignore_eos")).isTrue();
        assertThat(body.getJsonNumber("temperature").doubleValue()).isEqualTo(0.5);
        assertThat(body.getBoolean("stream")).isTrue();
        assertThat(body.getJsonObject("stream_options").getBoolean("include_usage")).isTrue();
        assertThat(body.getJsonArray("messages").getJsonObject(0).getString("content").split(" ")).hasSize(12);
    }

    @Test
    void withoutDrawnOutputLengthsTheCardsMaxTokensIsSent() {
        Card plain = card(PRESET, null);
        Workload w = new Workload(Workload.Source.PRESET, 3, null, null, false, null, new SharedPrefix(1, 4), 1);
        ChatCall call = new ChatCall(new Card("c", plain.baseUrl(), "k", "m", PRESET, null, plain.profile(),
                plain.modelConfig(), 1L, null, Slo.NONE, false, w), Clock.systemUTC());

        var body = Json.createReader(new StringReader(call.body(call.nextTurn()))).readObject();

        assertThat(body.getInt("max_tokens")).isEqualTo(8);
        assertThat(body.containsKey("ignore_eos")).isFalse();
        assertThat(body.getJsonArray("messages").getJsonObject(1).getString("content")).isEqualTo("one");
        assertThat(body.getJsonArray("messages").getJsonObject(0).getString("role")).isEqualTo("system");
    }
}
