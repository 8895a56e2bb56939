package org.llmlb.balancer.problems.boundary;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.llmlb.balancer.problems.control.ErrorBody;
import org.llmlb.balancer.problems.entity.Problem;

/** JAX-RS's own rejections (unknown path, wrong method, unreadable body) in the OpenAI shape. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Problem problem = switch (status) {
            case 401 -> Problem.UNAUTHORIZED;
            case 404 -> Problem.NOT_FOUND;
            case 405 -> Problem.METHOD_NOT_ALLOWED;
            case 413 -> Problem.PAYLOAD_TOO_LARGE;
            case 415, 400 -> Problem.INVALID_REQUEST;
            default -> status >= 500 ? Problem.INTERNAL_ERROR : Problem.INVALID_REQUEST;
        };
        String message = switch (problem) {
            case NOT_FOUND -> "Not found";
            case METHOD_NOT_ALLOWED -> "Method not allowed";
            case INTERNAL_ERROR -> "Internal error";
            default -> "Invalid request";
        };
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(problem, message).toString()).build();
    }
}
