package org.llmlb.wsproxy.runs.boundary;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.llmlb.wsproxy.workload.control.DatasetStore;
import org.llmlb.wsproxy.workload.control.DatasetTooLargeException;
import org.llmlb.wsproxy.workload.entity.Dataset;

/**
 * Prompt files for cards: {@code POST} a JSONL file as the body (ShareGPT conversations or one
 * prompt per line), get the id a card's {@code workload.dataset} names.
 */
@Path("datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetsResource {

    /** What a card needs to know of a dataset; the prompts stay on the server. */
    public record Listed(String id, String name, String format, int conversations, int turns, long bytes,
                         Instant uploadedAt) {
        static Listed of(Dataset d, Instant at) {
            return new Listed(d.id(), d.name(), d.format(), d.conversations().size(), d.turns(), d.bytes(), at);
        }
    }

    @Inject
    DatasetStore datasets;

    @POST
    @Consumes({"application/x-ndjson", "application/jsonl", "application/json", MediaType.TEXT_PLAIN,
            MediaType.APPLICATION_OCTET_STREAM})
    public Response upload(@QueryParam("name") String name, InputStream body) throws IOException {
        byte[] content = read(body, datasets.maxBytes());
        Dataset d = datasets.upload(name == null || name.isBlank() ? "upload.jsonl" : name.strip(), content);
        return Response.created(URI.create("datasets/" + d.id())).entity(Listed.of(d, Instant.now())).build();
    }

    /** Newest first. */
    @GET
    public List<Listed> all() {
        return datasets.all().stream().map(s -> Listed.of(s.dataset(), s.uploadedAt())).toList();
    }

    /** Reads at most {@code limit} bytes: a bigger upload is refused without being kept whole. */
    static byte[] read(InputStream in, long limit) throws IOException {
        byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (content.length > limit) {
            throw new DatasetTooLargeException(limit);
        }
        return content;
    }
}
