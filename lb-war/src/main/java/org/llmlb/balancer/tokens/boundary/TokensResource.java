package org.llmlb.balancer.tokens.boundary;

import java.security.SecureRandom;
import java.util.Base64;
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
import org.llmlb.balancer.admin.control.Secrets;
import org.llmlb.balancer.incoming.control.IncomingStore;
import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;
import org.llmlb.balancer.tokens.control.ClientTokens;
import org.llmlb.balancer.tokens.control.TokenStore;
import org.llmlb.balancer.tokens.entity.ClientToken;

/** Client tokens: the full value is in the create response only; afterwards a preview. */
@RequestScoped
@Path("tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class TokensResource {

    private static final SecureRandom RANDOM = new SecureRandom();
    static final Set<String> CREATE_FIELDS = Set.of("name", "incoming_block_id");
    static final Set<String> UPDATE_FIELDS = Set.of("name", "incoming_block_id", "enabled");

    @Inject
    TokenStore store;

    @Inject
    IncomingStore blocks;

    @Inject
    ClientTokens clientTokens;

    @Inject
    Validator validator;

    @GET
    public List<TokenView> all() {
        return store.all().stream().map(this::view).toList();
    }

    @POST
    public Response create(String body) {
        ClientToken token = new ClientToken();
        read(new Fields(JsonBodies.object(body), CREATE_FIELDS), token);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String value = "sk-lb-" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        token.tokenHash = Secrets.sha256(value);
        token.tokenPreview = Secrets.preview(value);
        ClientToken created = store.create(token);
        clientTokens.reload();
        return Response.status(Response.Status.CREATED).entity(new CreatedToken(created.id, created.name, value,
                created.tokenPreview, created.enabled, created.incomingBlockId, created.createdAt.toString())).build();
    }

    @PATCH
    @Path("{id}")
    public TokenView update(@PathParam("id") long id, String body) {
        ClientToken token = store.find(id).orElseThrow(() -> notFound(id));
        read(new Fields(JsonBodies.object(body), UPDATE_FIELDS), token);
        ClientToken updated = store.update(token);
        clientTokens.reload();
        return view(updated);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id) {
        if (!store.delete(id)) {
            throw notFound(id);
        }
        clientTokens.reload();
        return Response.noContent().build();
    }

    private void read(Fields fields, ClientToken token) {
        fields.text("name", false, v -> token.name = v)
                .bool("enabled", v -> token.enabled = v)
                .id("incoming_block_id", true, v -> token.incomingBlockId = v);
        if (token.incomingBlockId != null && blocks.find(token.incomingBlockId).isEmpty()) {
            fields.error("incoming_block_id", "no incoming block with this id");
        }
        fields.validate(validator, token);
    }

    private TokenView view(ClientToken t) {
        return TokenView.of(t, clientTokens.usage(t.id).orElse(null));
    }

    private static ProblemException notFound(long id) {
        return new ProblemException(Problem.NOT_FOUND, "No client token with id " + id);
    }
}
