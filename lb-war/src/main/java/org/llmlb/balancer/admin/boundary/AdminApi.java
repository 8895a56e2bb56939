package org.llmlb.balancer.admin.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The admin API; the proxy under {@code /v1} is a plain async servlet for speed. */
@ApplicationPath("/admin/api")
public class AdminApi extends Application {
}
