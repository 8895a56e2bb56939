package org.llmlb.wsproxy.runs.boundary;

import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.core.Response;

import org.llmlb.wire.ErrorType;
import org.llmlb.wsproxy.runs.control.InvalidCardException;

@Provider
public class InvalidCardMapper implements ExceptionMapper<InvalidCardException> {

    @Override
    public Response toResponse(InvalidCardException e) {
        String first = e.problems().get(0).field() + " " + e.problems().get(0).message();
        return ErrorBody.of(422, "invalid card: " + first, ErrorType.INVALID_REQUEST, "invalid_card", e.problems());
    }
}
