package org.llmlb.wsproxy.runs.boundary;

import jakarta.ws.rs.ext.Provider;

import org.llmlb.wire.SnakeCaseJsonb;

/** The shared snake_case JSON-B configuration, registered for this WAR's JAX-RS application. */
@Provider
public class SnakeCaseJson extends SnakeCaseJsonb {
}
