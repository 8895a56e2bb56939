package org.llmlb.wsproxy.engine.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

import jakarta.json.Json;
import jakarta.json.JsonArray;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.engine.entity.LoadProfile;
import org.llmlb.wsproxy.engine.entity.ModelConfig;
import org.llmlb.wsproxy.engine.entity.Slo;
import org.llmlb.wsproxy.presets.entity.Preset;

class ChatCallTest {

    static final Preset PRESET = new Preset("p", "three prompts", List.of("one", "two", "three"));

    static Card card(Preset preset, JsonArray messages) {
        return new Card("c", "http://127.0.0.1:1/v1/", null, "m", preset, messages,
                new LoadProfile.ConstantConcurrency(1), new ModelConfig(8, 0.5, true), 1L, null, Slo.NONE);
    }

    @Test
    void cyclesThroughThePresetPromptsInTurn() {
        ChatCall call = new ChatCall(HttpClient.newHttpClient(), card(PRESET, null), Clock.systemUTC());
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            prompts.add(prompt(call));
        }
        assertThat(prompts).containsExactly("one", "two", "three", "one", "two", "three", "one");
    }

    @Test
    void explicitMessagesWinOverAPreset() {
        JsonArray own = Json.createArrayBuilder().add(Json.createObjectBuilder().add("role", "user").add("content", "mine")).build();
        ChatCall call = new ChatCall(HttpClient.newHttpClient(), card(PRESET, own), Clock.systemUTC());
        assertThat(List.of(prompt(call), prompt(call))).containsExactly("mine", "mine");
    }

    @Test
    void emptyMessagesFallBackToThePreset() {
        assertThat(prompt(new ChatCall(HttpClient.newHttpClient(), card(PRESET, JsonArray.EMPTY_JSON_ARRAY), Clock.systemUTC())))
                .isEqualTo("one");
    }

    @Test
    void theBodyAsksForUsageWhenStreaming() {
        var body = Json.createReader(new StringReader(ChatCall.body(card(null, null), ChatCall.conversations(card(null, null)).get(0))))
                .readObject();
        assertThat(body.getJsonObject("stream_options").getBoolean("include_usage")).isTrue();
        assertThat(body.getInt("max_tokens")).isEqualTo(8);
        assertThat(body.getString("model")).isEqualTo("m");
    }

    /** The user prompt of the next request, read back from its body. */
    static String prompt(ChatCall call) {
        var request = call.next();
        assertThat(request.uri().toString()).isEqualTo("http://127.0.0.1:1/v1/chat/completions");
        String body = BodyReader.read(request.bodyPublisher().orElseThrow());
        return Json.createReader(new StringReader(body)).readObject().getJsonArray("messages")
                .getJsonObject(0).getString("content");
    }

    /** Collects what a body publisher would send. */
    static final class BodyReader implements Flow.Subscriber<ByteBuffer> {
        private final StringBuilder text = new StringBuilder();

        static String read(Flow.Publisher<ByteBuffer> publisher) {
            BodyReader reader = new BodyReader();
            publisher.subscribe(reader);
            return reader.text.toString();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ByteBuffer item) {
            text.append(StandardCharsets.UTF_8.decode(item));
        }

        @Override
        public void onError(Throwable throwable) {
            throw new AssertionError(throwable);
        }

        @Override
        public void onComplete() {
        }
    }
}
