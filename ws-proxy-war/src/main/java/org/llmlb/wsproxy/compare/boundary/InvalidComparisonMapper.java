package org.llmlb.wsproxy.compare.boundary;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.llmlb.wire.ErrorType;
import org.llmlb.wire.FieldError;
import org.llmlb.wsproxy.compare.control.InvalidComparisonException;
import org.llmlb.wsproxy.runs.boundary.ErrorBody;

@Provider
public class InvalidComparisonMapper implements ExceptionMapper<InvalidComparisonException> {

    @Override
    public Response toResponse(InvalidComparisonException e) {
        return ErrorBody.of(422, "invalid comparison: " + e.getMessage(), ErrorType.INVALID_REQUEST, "invalid_comparison",
                List.of(new FieldError("ids", e.getMessage())));
    }
}
