package org.llmlb.wsproxy.report.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.llmlb.wsproxy.report.control.BenchJson;
import org.llmlb.wsproxy.report.control.Html;
import org.llmlb.wsproxy.report.control.Reports;
import org.llmlb.wsproxy.report.control.UnknownReportFormatException;
import org.llmlb.wsproxy.report.entity.Report;

/** {@code GET runs/{id}/report}: a self-contained HTML page, or {@code ?format=json} in vLLM bench's names. */
@Path("runs/{id}/report")
public class ReportResource {

    @Inject
    Reports reports;

    @GET
    @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
    public Response report(@PathParam("id") String id, @QueryParam("format") String format) {
        String kind = format == null || format.isBlank() ? "html" : format;
        if (!kind.equals("html") && !kind.equals("json")) {
            throw new UnknownReportFormatException(format);
        }
        Report report = reports.of(id);
        String file = "report-" + id + "." + kind;
        Response.ResponseBuilder answer = kind.equals("json")
                ? Response.ok(BenchJson.of(report), MediaType.APPLICATION_JSON_TYPE)
                : Response.ok(Html.render(report), MediaType.TEXT_HTML + ";charset=utf-8");
        return answer.header("Content-Disposition", "inline; filename=\"" + file + "\"").build();
    }
}
