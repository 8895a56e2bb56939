package org.llmlb.balancer.routing.boundary;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.llmlb.balancer.admin.boundary.JsonBodies;
import org.llmlb.balancer.endpoints.control.LiveConfiguration;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.FieldError;
import org.llmlb.balancer.routing.entity.RoutingMode;

@jakarta.enterprise.context.RequestScoped
@Path("routing")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class RoutingResource {

    @Inject
    LiveConfiguration live;

    public record Routing(String mode) {
    }

    @PATCH
    public Routing mode(String body) {
        JsonObject json = JsonBodies.object(body);
        List<FieldError> unknown = json.keySet().stream().filter(k -> !k.equals("mode"))
                .map(k -> new FieldError(k, "unknown field")).toList();
        RoutingMode mode = json.get("mode") instanceof JsonString s ? RoutingMode.parse(s.getString()).orElse(null) : null;
        if (mode == null || !unknown.isEmpty()) {
            List<FieldError> errors = new java.util.ArrayList<>(unknown);
            if (mode == null) {
                errors.add(new FieldError("mode", "must be 'percentage', 'priority' or 'least_load'"));
            }
            throw ProblemException.validation(errors);
        }
        live.mode(mode);
        return new Routing(mode.wire());
    }
}
