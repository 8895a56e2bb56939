package org.llmlb.balancer.problems.boundary;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.llmlb.balancer.problems.control.DatabaseFailure;
import org.llmlb.balancer.problems.control.ErrorBody;
import org.llmlb.balancer.problems.entity.Problem;

/** Anything unforeseen: logged here, never shown to the client beyond a generic message. */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<RuntimeException> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(RuntimeException e) {
        if (e instanceof JsonParsingException || e.getCause() instanceof JsonParsingException
                || e instanceof jakarta.json.JsonException) {
            return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(ErrorBody.of(Problem.INVALID_REQUEST, "The request body is not valid JSON").toString())
                    .build();
        }
        if (DatabaseFailure.in(e)) {
            // the transaction was rolled back: nothing of the change is stored or applied
            LOG.warning(() -> "admin change refused: the configuration database cannot be reached ("
                    + DatabaseFailure.cause(e) + ")");
            return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", 5)
                    .entity(ErrorBody.of(Problem.DATABASE_UNAVAILABLE, "The configuration database cannot be reached;"
                            + " nothing was changed. Routing goes on with the configuration loaded last.").toString())
                    .build();
        }
        LOG.log(Level.WARNING, "unexpected failure in the admin API", e);
        return Response.status(500).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(Problem.INTERNAL_ERROR, "Internal error").toString()).build();
    }
}
