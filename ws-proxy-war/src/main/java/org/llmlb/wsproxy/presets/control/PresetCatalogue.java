package org.llmlb.wsproxy.presets.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.llmlb.wsproxy.presets.entity.Preset;

/**
 * The built-in prompt sets, read once from {@code presets.json} beside this class: the prompts
 * are prose, easier to review and edit as data than as Java strings.
 */
@ApplicationScoped
public class PresetCatalogue {

    private final SortedMap<String, Preset> presets;

    public PresetCatalogue() {
        SortedMap<String, Preset> byName = new TreeMap<>();
        try (InputStream in = PresetCatalogue.class.getResourceAsStream("presets.json")) {
            if (in == null) {
                throw new IllegalStateException("presets.json is missing from the deployment");
            }
            for (JsonValue v : Json.createReader(in).readArray()) {
                JsonObject p = v.asJsonObject();
                Preset preset = new Preset(p.getString("name"), p.getString("description"),
                        p.getJsonArray("prompts").getValuesAs(JsonString::getString));
                byName.put(preset.name(), preset);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.presets = Collections.unmodifiableSortedMap(byName);
    }

    public Optional<Preset> find(String name) {
        return Optional.ofNullable(presets.get(name));
    }

    /** Sorted by name, as the UI's dropdown shows them. */
    public Collection<Preset> all() {
        return presets.values();
    }
}
