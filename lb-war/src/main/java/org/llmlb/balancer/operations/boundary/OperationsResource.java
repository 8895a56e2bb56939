package org.llmlb.balancer.operations.boundary;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.Problem;
import org.llmlb.balancer.proxy.control.ResponseCache;
import org.llmlb.balancer.stats.control.Statistics;
import org.llmlb.balancer.stats.control.TotalsFlusher;
import org.llmlb.balancer.tokens.control.ClientTokens;

/** Reset statistics, clear the response cache, compact the database. */
@RequestScoped
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class OperationsResource {

    private static final Logger LOG = Logger.getLogger(OperationsResource.class.getName());

    @Inject
    Statistics statistics;

    @Inject
    ClientTokens clientTokens;

    @Inject
    TotalsFlusher flusher;

    @Inject
    ResponseCache cache;

    @Resource(lookup = "java:app/jdbc/lb")
    DataSource database;

    @POST
    @Path("reset-stats")
    public Map<String, String> resetStats() {
        statistics.reset();
        clientTokens.resetUsage();
        flusher.flush();
        return Map.of("status", "ok");
    }

    @POST
    @Path("cache/clear")
    public Map<String, Object> clearCache() {
        int entries = cache.size();
        cache.clear();
        return Map.of("status", "ok", "cleared", entries);
    }

    /** VACUUM cannot run inside a transaction: a plain auto-commit connection. */
    @POST
    @Path("db/vacuum")
    public Map<String, String> vacuum() {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("VACUUM");
            return Map.of("status", "ok");
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "VACUUM failed: {0}", e.getMessage());
            throw new ProblemException(Problem.INTERNAL_ERROR, "The database could not be compacted");
        }
    }
}
