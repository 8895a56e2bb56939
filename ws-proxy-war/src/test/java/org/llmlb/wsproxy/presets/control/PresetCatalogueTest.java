package org.llmlb.wsproxy.presets.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.llmlb.wsproxy.presets.entity.Preset;

class PresetCatalogueTest {

    final PresetCatalogue catalogue = new PresetCatalogue();

    @Test
    void listsTheBuiltInSetsSortedByName() {
        assertThat(catalogue.all()).extracting(Preset::name).containsExactly("chat-long", "chat-short", "code", "summarize");
        assertThat(catalogue.all()).allSatisfy(p -> {
            assertThat(p.description()).isNotBlank();
            assertThat(p.prompts()).hasSizeGreaterThanOrEqualTo(3).allSatisfy(prompt -> assertThat(prompt).isNotBlank());
        });
    }

    @Test
    void theLongChatPromptsAreAFewHundredWordsEach() {
        assertThat(catalogue.find("chat-long").orElseThrow().prompts())
                .allSatisfy(prompt -> assertThat(prompt.split("\\s+").length).isBetween(200, 500));
    }

    @Test
    void findsOnlyWhatExists() {
        assertThat(catalogue.find("code")).isPresent();
        assertThat(catalogue.find("Code")).isEmpty();
    }
}
