package org.llmlb.wsproxy.runs.boundary;

import java.util.List;

import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.core.Response;

import org.llmlb.wire.ErrorType;
import org.llmlb.wire.FieldError;
import org.llmlb.wsproxy.runs.control.HostNotAllowedException;

@Provider
public class HostNotAllowedMapper implements ExceptionMapper<HostNotAllowedException> {

    @Override
    public Response toResponse(HostNotAllowedException e) {
        return ErrorBody.of(403, e.getMessage(), ErrorType.PERMISSION, "host_not_allowed",
                List.of(new FieldError("base_url", e.getMessage())));
    }
}
