package org.llmlb.balancer.incoming.boundary;

import java.util.Set;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.llmlb.balancer.admin.boundary.Fields;
import org.llmlb.balancer.admin.boundary.JsonBodies;
import org.llmlb.balancer.incoming.control.IncomingPosition;

/** Where the default Incoming node sits on the flow editor's canvas. */
@RequestScoped
@Path("incoming-pos")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class IncomingPositionResource {

    @Inject
    IncomingPosition incoming;

    @PATCH
    public IncomingPosition.Position move(String body) {
        double[] position = {Double.NaN, Double.NaN};
        Fields fields = new Fields(JsonBodies.object(body), Set.of("pos_x", "pos_y"))
                .number("pos_x", v -> position[0] = v)
                .number("pos_y", v -> position[1] = v);
        if (!fields.has("pos_x")) {
            fields.error("pos_x", "is required");
        }
        if (!fields.has("pos_y")) {
            fields.error("pos_y", "is required");
        }
        fields.check();
        return incoming.put(position[0], position[1]);
    }
}
