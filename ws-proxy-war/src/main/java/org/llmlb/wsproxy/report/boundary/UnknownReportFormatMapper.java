package org.llmlb.wsproxy.report.boundary;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.llmlb.wire.ErrorType;
import org.llmlb.wire.FieldError;
import org.llmlb.wsproxy.report.control.UnknownReportFormatException;
import org.llmlb.wsproxy.runs.boundary.ErrorBody;

@Provider
public class UnknownReportFormatMapper implements ExceptionMapper<UnknownReportFormatException> {

    @Override
    public Response toResponse(UnknownReportFormatException e) {
        return ErrorBody.of(422, e.getMessage(), ErrorType.INVALID_REQUEST, "invalid_format",
                List.of(new FieldError("format", e.getMessage())));
    }
}
