package org.llmlb.wsproxy.runs.boundary;

import java.util.List;

import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.core.Response;

import org.llmlb.wire.ErrorType;
import org.llmlb.wsproxy.runs.control.HostNotAllowedException;
import org.llmlb.wsproxy.runs.control.InvalidCardException.Problem;

@Provider
public class HostNotAllowedMapper implements ExceptionMapper<HostNotAllowedException> {

    @Override
    public Response toResponse(HostNotAllowedException e) {
        return ErrorBody.of(403, e.getMessage(), ErrorType.PERMISSION, "host_not_allowed",
                List.of(new Problem("base_url", e.getMessage())));
    }
}
