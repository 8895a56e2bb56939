package org.llmlb.wsproxy.compare.boundary;

import java.util.Arrays;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.llmlb.wsproxy.compare.control.Comparer;
import org.llmlb.wsproxy.compare.control.ComparisonHtml;
import org.llmlb.wsproxy.compare.entity.Comparison;
import org.llmlb.wsproxy.report.control.UnknownReportFormatException;

/** {@code GET runs/compare?ids=a,b[,c…]}: ended runs side by side, each against the first. */
@Path("runs/compare")
public class ComparisonResource {

    @Inject
    Comparer comparer;

    /** JSON, or with {@code format=html} one self-contained page with the runs' seconds overlaid. */
    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public Response compare(@QueryParam("ids") String ids, @QueryParam("format") String format) {
        String kind = format == null || format.isBlank() ? "json" : format;
        if (!kind.equals("html") && !kind.equals("json")) {
            throw new UnknownReportFormatException(format);
        }
        List<String> list = ids == null ? List.of()
                : Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        Comparison comparison = comparer.compare(list);
        return kind.equals("json") ? Response.ok(comparison, MediaType.APPLICATION_JSON_TYPE).build()
                : Response.ok(ComparisonHtml.render(comparison, comparer.timelines(list)), MediaType.TEXT_HTML + ";charset=utf-8")
                        .build();
    }
}
