package org.llmlb.wsproxy.runs.boundary;

import java.util.List;

import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.core.Response;

import org.llmlb.wire.ErrorType;
import org.llmlb.wsproxy.runs.control.UnknownRunException;

@Provider
public class UnknownRunMapper implements ExceptionMapper<UnknownRunException> {

    @Override
    public Response toResponse(UnknownRunException e) {
        return ErrorBody.of(404, e.getMessage(), ErrorType.INVALID_REQUEST, "run_not_found", List.of());
    }
}
