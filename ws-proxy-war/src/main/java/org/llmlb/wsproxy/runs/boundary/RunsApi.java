package org.llmlb.wsproxy.runs.boundary;

import java.util.Map;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

@ApplicationPath("/api")
public class RunsApi extends Application {

    @Override
    public Map<String, Object> getProperties() {
        return Map.of();
    }
}
