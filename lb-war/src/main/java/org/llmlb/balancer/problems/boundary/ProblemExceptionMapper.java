package org.llmlb.balancer.problems.boundary;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.llmlb.balancer.problems.control.ErrorBody;
import org.llmlb.balancer.problems.control.ProblemException;

@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    @Override
    public Response toResponse(ProblemException e) {
        Response.ResponseBuilder response = Response.status(e.problem.status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(e).toString());
        if (e.retryAfterSeconds > 0) {
            response.header("Retry-After", e.retryAfterSeconds);
        }
        return response.build();
    }
}
