package org.llmlb.wsproxy.compare.boundary;

import java.util.Arrays;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.llmlb.wsproxy.compare.control.Comparer;
import org.llmlb.wsproxy.compare.entity.Comparison;

/** {@code GET runs/compare?ids=a,b[,c…]}: ended runs side by side, each against the first. */
@Path("runs/compare")
@Produces(MediaType.APPLICATION_JSON)
public class ComparisonResource {

    @Inject
    Comparer comparer;

    @GET
    public Comparison compare(@QueryParam("ids") String ids) {
        List<String> list = ids == null ? List.of()
                : Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return comparer.compare(list);
    }
}
