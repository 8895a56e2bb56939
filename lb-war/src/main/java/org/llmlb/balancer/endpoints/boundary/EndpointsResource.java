package org.llmlb.balancer.endpoints.boundary;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.llmlb.balancer.admin.boundary.Fields;
import org.llmlb.balancer.admin.boundary.JsonBodies;
import org.llmlb.balancer.endpoints.control.EndpointEvents;
import org.llmlb.balancer.endpoints.control.EndpointStore;
import org.llmlb.balancer.endpoints.entity.Endpoint;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.FieldError;
import org.llmlb.balancer.problems.entity.Problem;

@jakarta.enterprise.context.RequestScoped
@Path("endpoints")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class EndpointsResource {

    @Inject
    EndpointStore store;

    @Inject
    EndpointEvents events;

    @Inject
    EndpointViews views;

    @Inject
    Validator validator;

    @GET
    public List<EndpointView> all() {
        return views.all();
    }

    @GET
    @Path("{id}")
    public EndpointView one(@PathParam("id") long id) {
        return view(existing(id));
    }

    @POST
    public Response create(String body) {
        Endpoint endpoint = new Endpoint();
        read(new Fields(JsonBodies.object(body), EndpointFields.NAMES), endpoint, null);
        Endpoint created = store.create(endpoint);
        events.changed(created);
        return Response.status(Response.Status.CREATED).entity(view(created)).build();
    }

    @PATCH
    @Path("{id}")
    public EndpointView update(@PathParam("id") long id, String body) {
        Endpoint endpoint = existing(id);
        read(new Fields(JsonBodies.object(body), EndpointFields.NAMES), endpoint, id);
        Endpoint updated = store.update(endpoint);
        events.changed(updated);
        return view(updated);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id) {
        if (!store.delete(id)) {
            throw notFound(id);
        }
        events.removed(id);
        return Response.noContent().build();
    }

    /** Unlike {@link Fields#validate}: every constraint error of a field read well, not one per field. */
    private void read(Fields fields, Endpoint endpoint, Long id) {
        EndpointFields.read(fields, endpoint);
        List<FieldError> violations = Fields.violations(validator, endpoint).stream()
                .filter(e -> !fields.rejected(e.field())).toList();
        violations.forEach(e -> fields.error(e.field(), e.message()));
        if (endpoint.name != null && !fields.rejected("name") && store.nameTaken(endpoint.name, id)) {
            fields.error("name", "is already used by another endpoint");
        }
        fields.check();
    }

    private Endpoint existing(long id) {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    private static ProblemException notFound(long id) {
        return new ProblemException(Problem.NOT_FOUND, "No endpoint with id " + id);
    }

    private EndpointView view(Endpoint e) {
        return views.of(e);
    }
}
