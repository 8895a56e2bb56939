package org.llmlb.wsproxy.runs.boundary;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.llmlb.wire.ErrorCode;
import org.llmlb.wire.ErrorType;
import org.llmlb.wire.FieldError;

/** A JAX-RS answer in the OpenAI error shape of {@link org.llmlb.wire.ErrorBody}, as the balancer's. */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static Response of(ErrorCode error, String message) {
        return of(error.status(), message, error.type(), error.code(), List.of());
    }

    public static Response of(int status, String message, ErrorType type, String code, List<FieldError> details) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(org.llmlb.wire.ErrorBody.of(type, code, message, details)).build();
    }
}
