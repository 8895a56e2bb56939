package org.llmlb.wsproxy.runs.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringReader;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.llmlb.wire.FieldError;
import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.engine.entity.LoadProfile;
import org.llmlb.wsproxy.presets.control.PresetCatalogue;
import org.llmlb.wsproxy.runs.control.InvalidCardException;
import org.llmlb.wsproxy.workload.entity.Distribution;
import org.llmlb.wsproxy.workload.entity.SharedPrefix;
import org.llmlb.wsproxy.workload.entity.Workload;

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
                .map(FieldError::field).toList();
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
        assertThat(e.problems()).extracting(FieldError::field).containsExactly("profile.type");
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
        assertThat(e.problems()).extracting(FieldError::field).containsExactly("preset");
        assertThat(e.problems().get(0).message()).contains("poetry", "chat-long", "chat-short", "code", "summarize");
    }

    @Test
    void anEmptyPresetMeansNone() {
        JsonObject json = Json.createObjectBuilder(card("{\"type\":\"burst\",\"size\":1,\"every_seconds\":1}"))
                .add("preset", "").build();
        assertThat(read(json).preset()).isNull();
    }

    static JsonObject withWorkload(String workload) {
        return json("""
                {"name":"c","base_url":"http://127.0.0.1:1/v1","model":"m","duration_seconds":10,
                 "profile":{"type":"constant_concurrency","concurrency":1},"workload":%s}
                """.formatted(workload));
    }

    @Test
    void readsASyntheticWorkloadWithSharedPrefixAndTurns() {
        Workload w = read(withWorkload("""
                {"source":"synthetic","seed":7,"input_tokens":{"type":"normal","mean":200,"stddev":50},
                 "output_tokens":{"type":"uniform","min":10,"max":20},"ignore_eos":true,
                 "shared_prefix":{"groups":4,"tokens":100},"turns":3}""")).workload();
        assertThat(w.source()).isEqualTo(Workload.Source.SYNTHETIC);
        assertThat(w.seed()).isEqualTo(7);
        assertThat(w.inputTokens()).isEqualTo(new Distribution.Normal(200, 50, 1, 400));
        assertThat(w.outputTokens()).isEqualTo(new Distribution.Uniform(10, 20));
        assertThat(w.ignoreEos()).isTrue();
        assertThat(w.sharedPrefix()).isEqualTo(new SharedPrefix(4, 100));
        assertThat(w.turns()).isEqualTo(3);
    }

    @Test
    void aCardWithoutWorkloadSendsItsPresetAsBefore() {
        assertThat(read(card("{\"type\":\"constant_concurrency\",\"concurrency\":1}")).workload())
                .isEqualTo(Workload.PRESETS);
    }

    @Test
    void namesEveryBadWorkloadField() {
        assertThat(problems(withWorkload("""
                {"source":"synthetic","seed":-1,"input_tokens":{"type":"uniform","min":50,"max":10},
                 "output_tokens":{"type":"zipf"},"ignore_eos":"yes","shared_prefix":{"groups":0},"turns":1000}""")))
                .containsExactly("workload.seed", "workload.input_tokens.max", "workload.output_tokens.type",
                        "workload.ignore_eos", "workload.shared_prefix.groups", "workload.shared_prefix.tokens",
                        "workload.turns");
        assertThat(problems(withWorkload("{\"source\":\"synthetic\"}"))).containsExactly("workload.input_tokens");
        assertThat(problems(withWorkload("{\"source\":\"poems\"}"))).containsExactly("workload.source");
        assertThat(problems(withWorkload("{\"input_tokens\":{\"type\":\"fixed\",\"value\":5}}")))
                .containsExactly("workload.input_tokens");
    }

    @Test
    void aDatasetMustBeUploadedFirst() {
        InvalidCardException e = catchThrowableOfType(() -> read(withWorkload(
                "{\"source\":\"dataset\",\"dataset\":\"ds-0000000000000000\"}")), InvalidCardException.class);
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("workload.dataset");
            assertThat(p.message()).contains("not uploaded here", "POST /ws-proxy/api/datasets");
        });
        assertThat(problems(withWorkload("{\"source\":\"dataset\"}"))).containsExactly("workload.dataset");
    }

    @Test
    void aWorkloadCannotBeCombinedWithOwnMessages() {
        JsonObject card = json("""
                {"base_url":"http://127.0.0.1:1/v1","model":"m","request_count":1,"messages":[{"role":"user","content":"x"}],
                 "profile":{"type":"constant_concurrency","concurrency":1},"workload":{"turns":2}}""");
        assertThat(problems(card)).containsExactly("workload");
    }

    @Test
    void readsASweepWithDefaultsAndNeedsNoDuration() {
        Card card = read(json("""
                {"base_url":"http://127.0.0.1:1/v1","model":"m","profile":{"type":"sweep","step_seconds":20}}"""));
        assertThat(card.profile()).isEqualTo(new LoadProfile.Sweep(5, 20, 10, 32, null, true, 3));
        assertThat(card.durationSeconds()).isNull();
    }

    @Test
    void namesEveryBadSweepField() {
        assertThat(problems(card("""
                {"type":"sweep","rates":1,"probe_seconds":-2,"probe_concurrency":0,"knee_ttft_factor":1,"poisson":3}""")))
                .containsExactly("profile.rates", "profile.step_seconds", "profile.probe_seconds",
                        "profile.probe_concurrency", "profile.knee_ttft_factor", "profile.poisson");
    }
}
