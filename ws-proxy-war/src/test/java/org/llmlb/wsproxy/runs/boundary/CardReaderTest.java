package org.llmlb.wsproxy.runs.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringReader;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.engine.entity.LoadProfile;
import org.llmlb.wsproxy.presets.control.PresetCatalogue;
import org.llmlb.wsproxy.runs.control.InvalidCardException;
import org.llmlb.wsproxy.runs.control.InvalidCardException.Problem;

class CardReaderTest {

    static JsonObject card(String profile) {
        return json("""
                {"name":"c","base_url":"http://127.0.0.1:1/v1","model":"m","profile":%s,"duration_seconds":10}
                """.formatted(profile));
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    static final PresetCatalogue PRESETS = new PresetCatalogue();

    static Card read(JsonObject json) {
        return CardReader.read(json, PRESETS);
    }

    static java.util.List<String> problems(JsonObject json) {
        return catchThrowableOfType(() -> read(json), InvalidCardException.class).problems().stream()
                .map(Problem::field).toList();
    }

    @Test
    void readsARamp() {
        Card card = read(card("{\"type\":\"ramp\",\"from_rate\":0,\"to_rate\":20,\"over_seconds\":10}"));
        assertThat(card.profile()).isEqualTo(new LoadProfile.Ramp(0, 20, 10));
    }

    @Test
    void readsABurst() {
        Card card = read(card("{\"type\":\"burst\",\"size\":10,\"every_seconds\":2.5}"));
        assertThat(card.profile()).isEqualTo(new LoadProfile.Burst(10, 2.5));
    }

    @Test
    void namesEveryBadRampField() {
        assertThat(problems(card("{\"type\":\"ramp\",\"from_rate\":-1,\"to_rate\":0}")))
                .containsExactly("profile.from_rate", "profile.to_rate", "profile.over_seconds");
    }

    @Test
    void namesEveryBadBurstField() {
        assertThat(problems(card("{\"type\":\"burst\",\"size\":1.5,\"every_seconds\":0}")))
                .containsExactly("profile.size", "profile.every_seconds");
        assertThat(problems(card("{\"type\":\"burst\"}"))).containsExactly("profile.size", "profile.every_seconds");
    }

    @Test
    void anUnknownProfileTypeListsTheFourThatExist() {
        InvalidCardException e = catchThrowableOfType(() -> read(card("{\"type\":\"sine\"}")), InvalidCardException.class);
        assertThat(e.problems()).extracting(Problem::field).containsExactly("profile.type");
        assertThat(e.problems().get(0).message()).contains("constant_concurrency", "constant_rate", "ramp", "burst");
    }

    @Test
    void aMissingProfileTypeIsNamedWithItsPath() {
        assertThat(problems(card("{}"))).containsExactly("profile.type");
    }

    @Test
    void readsAPresetByName() {
        JsonObject json = Json.createObjectBuilder(card("{\"type\":\"burst\",\"size\":1,\"every_seconds\":1}"))
                .add("preset", "code").build();
        assertThat(read(json).preset().name()).isEqualTo("code");
        assertThat(read(json).preset().prompts()).isNotEmpty();
    }

    @Test
    void anUnknownPresetIsAProblemOnPresetThatNamesTheKnownOnes() {
        JsonObject json = Json.createObjectBuilder(card("{\"type\":\"burst\",\"size\":1,\"every_seconds\":1}"))
                .add("preset", "poetry").build();
        InvalidCardException e = catchThrowableOfType(() -> read(json), InvalidCardException.class);
        assertThat(e.problems()).extracting(Problem::field).containsExactly("preset");
        assertThat(e.problems().get(0).message()).contains("poetry", "chat-long", "chat-short", "code", "summarize");
    }

    @Test
    void anEmptyPresetMeansNone() {
        JsonObject json = Json.createObjectBuilder(card("{\"type\":\"burst\",\"size\":1,\"every_seconds\":1}"))
                .add("preset", "").build();
        assertThat(read(json).preset()).isNull();
    }
}
