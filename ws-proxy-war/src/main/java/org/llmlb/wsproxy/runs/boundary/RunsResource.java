package org.llmlb.wsproxy.runs.boundary;

import java.net.URI;
import java.time.Instant;
import java.util.List;

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
import org.llmlb.wsproxy.engine.entity.ServerSignals;
import org.llmlb.wsproxy.engine.entity.Summary;
import org.llmlb.wsproxy.presets.control.PresetCatalogue;
import org.llmlb.wsproxy.workload.control.DatasetStore;
import org.llmlb.wsproxy.runs.control.RunStore;

/** Headless runs: start a card, list the runs, watch a summary, stop a run. */
@Path("runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {

    public record Started(String id, String state) {
    }

    /** {@code signals}: what the run read of its target's own numbers, about once a second. */
    public record Status(String id, String state, Summary summary, ServerSignals signals) {
    }

    /** One line of the run list: enough to pick a run and judge it without fetching it. */
    public record Listed(String id, String name, String state, Instant startedAt, Summary summary) {
    }

    @Inject
    RunStore runs;

    @Inject
    PresetCatalogue presets;

    @Inject
    DatasetStore datasets;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(JsonObject card) {
        LoadRun run = runs.start(CardReader.read(card, presets, datasets));
        return Response.created(URI.create("runs/" + run.id())).entity(new Started(run.id(), run.state().wire())).build();
    }

    /** Every run of this instance, oldest first. */
    @GET
    public List<Listed> list() {
        return runs.all().stream().map(r -> new Listed(r.id(), r.name(), r.state().wire(), r.startedAt(), r.summary()))
                .toList();
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
        return new Status(run.id(), run.state().wire(), run.summary(), run.signals());
    }
}
