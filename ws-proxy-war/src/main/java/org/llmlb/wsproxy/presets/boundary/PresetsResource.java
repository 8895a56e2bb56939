package org.llmlb.wsproxy.presets.boundary;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.llmlb.wsproxy.presets.control.PresetCatalogue;

/** The prompt sets a card can name, for the UI's preset dropdown; the prompts stay on the server. */
@Path("presets")
@Produces(MediaType.APPLICATION_JSON)
public class PresetsResource {

    public record Listed(String name, String description, int prompts) {
    }

    @Inject
    PresetCatalogue catalogue;

    @GET
    public List<Listed> all() {
        return catalogue.all().stream().map(p -> new Listed(p.name(), p.description(), p.prompts().size())).toList();
    }
}
