package org.llmlb.wsproxy.runs.boundary;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.llmlb.wsproxy.engine.control.LoadRun;
import org.llmlb.wsproxy.engine.entity.Summary;
import org.llmlb.wsproxy.presets.control.PresetCatalogue;
import org.llmlb.wsproxy.runs.control.RunStore;

/** Headless runs: start a card, watch its summary, stop it. */
@Path("runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {

    public record Started(String id, String state) {
    }

    public record Status(String id, String state, Summary summary) {
    }

    @Inject
    RunStore runs;

    @Inject
    PresetCatalogue presets;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(JsonObject card) {
        LoadRun run = runs.start(CardReader.read(card, presets));
        return Response.created(URI.create("runs/" + run.id())).entity(new Started(run.id(), run.state().wire())).build();
    }

    @GET
    @Path("{id}")
    public Status status(@PathParam("id") String id) {
        return status(runs.find(id));
    }

    @DELETE
    @Path("{id}")
    public Status stop(@PathParam("id") String id) {
        return status(runs.stop(id));
    }

    private static Status status(LoadRun run) {
        return new Status(run.id(), run.state().wire(), run.summary());
    }
}
