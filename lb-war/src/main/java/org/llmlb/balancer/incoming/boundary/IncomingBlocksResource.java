package org.llmlb.balancer.incoming.boundary;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.RequestScoped;
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
import org.llmlb.balancer.incoming.control.IncomingBlocks;
import org.llmlb.balancer.incoming.control.IncomingStore;
import org.llmlb.balancer.incoming.entity.IncomingBlock;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;
import org.llmlb.balancer.routing.control.Upstreams;

/** Incoming blocks: extra entry nodes with their own wires, pool name and routing mode. */
@RequestScoped
@Path("incoming-blocks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class IncomingBlocksResource {

    @Inject
    IncomingStore store;

    @Inject
    IncomingBlocks blocks;

    /** The routing table holds every stored endpoint, enabled or not. */
    @Inject
    Upstreams endpoints;

    @Inject
    Validator validator;

    public record BlockView(long id, String name, String poolName, String routingMode, String affinity,
                            List<Long> endpointIds, boolean enabled, double posX, double posY) {
        static BlockView of(IncomingBlock b) {
            return new BlockView(b.id, b.name, b.poolName, b.routingMode, b.affinity, b.endpointIdList(), b.enabled,
                    b.posX, b.posY);
        }
    }

    @GET
    public List<BlockView> all() {
        return store.all().stream().map(BlockView::of).toList();
    }

    @POST
    public Response create(String body) {
        IncomingBlock block = new IncomingBlock();
        read(new Fields(JsonBodies.object(body), BlockFields.NAMES), block, null);
        IncomingBlock created = store.create(block);
        blocks.reload(Set.of());
        return Response.status(Response.Status.CREATED).entity(BlockView.of(created)).build();
    }

    @PATCH
    @Path("{id}")
    public BlockView update(@PathParam("id") long id, String body) {
        IncomingBlock block = store.find(id).orElseThrow(() -> notFound(id));
        read(new Fields(JsonBodies.object(body), BlockFields.NAMES), block, id);
        IncomingBlock updated = store.update(block);
        blocks.reload(Set.of());
        return BlockView.of(updated);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id) {
        if (!store.delete(id)) {
            throw notFound(id);
        }
        blocks.reload(Set.of(id));
        return Response.noContent().build();
    }

    private void read(Fields fields, IncomingBlock block, Long id) {
        BlockFields.read(fields, block, block::endpointIdList);
        for (Long endpointId : block.endpointIdList()) {
            if (endpoints.byId(endpointId).isEmpty()) {
                fields.error("endpoint_ids", "no endpoint with id " + endpointId);
            }
        }
        if (block.poolName != null && store.poolTaken(block.poolName, id)) {
            fields.error("pool_name", "is already claimed by another incoming block");
        }
        fields.validate(validator, block);
    }

    private static ProblemException notFound(long id) {
        return new ProblemException(Problem.NOT_FOUND, "No incoming block with id " + id);
    }
}
