package org.llmlb.balancer.audit.boundary;

import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.llmlb.balancer.audit.control.AuditLog;
import org.llmlb.balancer.audit.entity.AuditEntry;

@RequestScoped
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    AuditLog audit;

    public record EntryView(long id, String at, String action, String targetType, String targetId,
                            String targetName, List<String> fields, String remoteAddress) {
        static EntryView of(AuditEntry e) {
            return new EntryView(e.id, e.at.toString(), e.action, e.targetType, e.targetId, e.targetName,
                    e.fields == null || e.fields.isEmpty() ? List.of() : Arrays.asList(e.fields.split(",")),
                    e.remoteAddress);
        }
    }

    /** Newest first. */
    @GET
    public List<EntryView> recent(@QueryParam("limit") @DefaultValue("100") int limit) {
        return audit.recent(Math.max(1, Math.min(limit, 1000))).stream().map(EntryView::of).toList();
    }
}
