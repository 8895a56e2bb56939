package org.llmlb.balancer.audit.boundary;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import org.llmlb.balancer.audit.control.AuditLog;
import org.llmlb.balancer.audit.control.AuditTargets;

/**
 * Audits every successful admin mutation in one place: action = method and resource path,
 * target = the id in the path (or of what was created), fields = the names in the JSON body.
 */
@Provider
@Priority(Priorities.USER)
public class AuditFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final Set<String> MUTATIONS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String FIELDS = AuditFilter.class.getName() + ".fields";
    private static final String NAME = AuditFilter.class.getName() + ".name";

    @Inject
    AuditLog audit;

    @Inject
    AuditTargets targets;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (!MUTATIONS.contains(request.getMethod())) {
            return;
        }
        if ("DELETE".equals(request.getMethod())) {
            // afterwards it is gone
            List<String> segments = new ArrayList<>();
            request.getUriInfo().getPathSegments().forEach(s -> segments.add(s.getPath()));
            segments.stream().filter(s -> s.matches("\\d{1,18}")).findFirst()
                    .map(id -> targets.name(segments.get(0), Long.parseLong(id)))
                    .ifPresent(name -> request.setProperty(NAME, name));
        }
        if (!request.hasEntity()) {
            return;
        }
        byte[] body = request.getEntityStream().readAllBytes();
        request.setEntityStream(new ByteArrayInputStream(body));
        request.setProperty(FIELDS, fieldNames(body));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!MUTATIONS.contains(request.getMethod()) || response.getStatus() >= 300) {
            return;
        }
        List<String> segments = new ArrayList<>();
        request.getUriInfo().getPathSegments().forEach(s -> segments.add(s.getPath()));
        String targetId = segments.stream().filter(s -> s.matches("\\d+")).findFirst()
                .orElseGet(() -> createdId(response.getEntity()));
        String targetType = segments.isEmpty() ? "" : segments.get(0);
        String action = request.getMethod() + " " + String.join("/", segments.stream()
                .map(s -> s.matches("\\d+") ? "{id}" : s).toList());
        @SuppressWarnings("unchecked")
        List<String> fields = (List<String>) request.getProperty(FIELDS);
        String name = (String) request.getProperty(NAME);
        audit.record(action, targetType, targetId, name != null ? name : createdName(response.getEntity()),
                fields == null ? List.of() : fields,
                servletRequest == null ? null : servletRequest.getRemoteAddr());
    }

    private static List<String> fieldNames(byte[] body) {
        try (var reader = Json.createReader(new StringReader(new String(body, java.nio.charset.StandardCharsets.UTF_8)))) {
            JsonValue value = reader.readValue();
            return value.getValueType() == JsonValue.ValueType.OBJECT
                    ? List.copyOf(value.asJsonObject().keySet()) : List.of();
        } catch (RuntimeException notJson) {
            // not JSON, or nested past the parser's limit (a plain RuntimeException): the resource refuses it
            return List.of();
        }
    }

    /** The name in the answer (a view of what was created or changed), if it has one. */
    private static String createdName(Object entity) {
        if (entity == null) {
            return null;
        }
        try {
            Object name = entity.getClass().getMethod("name").invoke(entity);
            return name instanceof String text ? text : null;
        } catch (ReflectiveOperationException noName) {
            return null;
        }
    }

    private static String createdId(Object entity) {
        if (entity == null) {
            return null;
        }
        try {
            return String.valueOf(entity.getClass().getMethod("id").invoke(entity));
        } catch (ReflectiveOperationException noId) {
            return null;
        }
    }
}
