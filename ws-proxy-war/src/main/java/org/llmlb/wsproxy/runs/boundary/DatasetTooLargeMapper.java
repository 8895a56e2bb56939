package org.llmlb.wsproxy.runs.boundary;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.llmlb.wire.ErrorCode;
import org.llmlb.wsproxy.workload.control.DatasetTooLargeException;

@Provider
public class DatasetTooLargeMapper implements ExceptionMapper<DatasetTooLargeException> {

    @Override
    public Response toResponse(DatasetTooLargeException e) {
        return ErrorBody.of(ErrorCode.PAYLOAD_TOO_LARGE, e.getMessage());
    }
}
