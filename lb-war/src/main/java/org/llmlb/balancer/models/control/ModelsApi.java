package org.llmlb.balancer.models.control;

import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** An endpoint's model list, as a MicroProfile Rest Client built per endpoint. */
@Path("/models")
public interface ModelsApi {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    JsonObject list();
}
