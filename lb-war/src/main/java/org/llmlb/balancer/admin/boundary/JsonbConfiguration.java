package org.llmlb.balancer.admin.boundary;

import jakarta.ws.rs.ext.Provider;

import org.llmlb.wire.SnakeCaseJsonb;

/** The shared snake_case JSON-B configuration, registered for this WAR's JAX-RS application. */
@Provider
public class JsonbConfiguration extends SnakeCaseJsonb {
}
