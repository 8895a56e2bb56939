package org.llmlb.wsproxy.runs.boundary;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.llmlb.wire.ErrorType;
import org.llmlb.wire.FieldError;
import org.llmlb.wsproxy.workload.control.InvalidDatasetException;

/** Every bad line by number, as {@code error.details[].field} "line N" (0: the file as a whole). */
@Provider
public class InvalidDatasetMapper implements ExceptionMapper<InvalidDatasetException> {

    @Override
    public Response toResponse(InvalidDatasetException e) {
        var details = e.problems().stream().map(p -> new FieldError(p.line() == 0 ? "file" : "line " + p.line(),
                p.message())).toList();
        return ErrorBody.of(422, "invalid dataset: " + details.get(0).field() + " " + details.get(0).message(),
                ErrorType.INVALID_REQUEST, "invalid_dataset", details);
    }
}
