package org.llmlb.wsproxy.presets.entity;

import java.util.List;

/**
 * A named set of prompts a card can send instead of writing its own messages. Each prompt is
 * one user message; a run sends them in turn, so a load mixes prompt lengths as real traffic
 * does.
 */
public record Preset(String name, String description, List<String> prompts) {

    public Preset {
        prompts = List.copyOf(prompts);
    }
}
