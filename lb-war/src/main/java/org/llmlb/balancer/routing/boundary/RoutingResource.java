package org.llmlb.balancer.routing.boundary;

import java.util.ArrayList;
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
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.FieldError;
import org.llmlb.balancer.routing.control.Router;
import org.llmlb.balancer.routing.control.RoutingSettings;
import org.llmlb.balancer.routing.control.Upstreams;
import org.llmlb.balancer.routing.entity.Affinity;
import org.llmlb.balancer.routing.entity.RoutingMode;

@jakarta.enterprise.context.RequestScoped
@Path("routing")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class RoutingResource {

    @Inject
    RoutingSettings settings;

    @Inject
    Upstreams upstreams;

    @Inject
    Router router;

    public record Routing(String mode, String affinity) {
    }

    /** {@code {"mode":…}}, {@code {"affinity":…}} or both; what is left out stays as it is. */
    @PATCH
    public Routing mode(String body) {
        JsonObject json = JsonBodies.object(body);
        List<FieldError> errors = new ArrayList<>();
        json.keySet().stream().filter(k -> !k.equals("mode") && !k.equals("affinity"))
                .forEach(k -> errors.add(new FieldError(k, "unknown field")));
        RoutingMode mode = null;
        if (json.containsKey("mode")) {
            mode = json.get("mode") instanceof JsonString s ? RoutingMode.parse(s.getString()).orElse(null) : null;
            if (mode == null) {
                errors.add(new FieldError("mode", RoutingMode.CHOICES));
            }
        }
        Affinity affinity = null;
        if (json.containsKey("affinity")) {
            affinity = json.get("affinity") instanceof JsonString s ? Affinity.parse(s.getString()).orElse(null) : null;
            if (affinity == null) {
                errors.add(new FieldError("affinity", Affinity.CHOICES));
            }
        }
        if (mode == null && affinity == null && errors.isEmpty()) {
            errors.add(new FieldError("mode", RoutingMode.CHOICES));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        if (mode != null) {
            settings.mode(mode);
        }
        if (affinity != null) {
            settings.affinity(affinity);
        }
        return new Routing(upstreams.mode().wire(), router.affinity().wire());
    }
}
