package org.llmlb.wsproxy.runs.boundary;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.llmlb.wire.ErrorType;
import org.llmlb.wsproxy.workload.control.DatasetTooLargeException;

@Provider
public class DatasetTooLargeMapper implements ExceptionMapper<DatasetTooLargeException> {

    @Override
    public Response toResponse(DatasetTooLargeException e) {
        return ErrorBody.of(413, e.getMessage(), ErrorType.INVALID_REQUEST, "payload_too_large", List.of());
    }
}
