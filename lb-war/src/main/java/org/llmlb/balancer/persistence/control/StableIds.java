package org.llmlb.balancer.persistence.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ids of deleted endpoints, tokens, blocks and audit entries are never given out again. SQLite
 * hands a new row the largest id so far plus one, so deleting the newest row made its id the
 * next one's: an admin tab still open on the old endpoint then edited another. A table declared
 * {@code AUTOINCREMENT} remembers the largest id ever; EclipseLink cannot declare one, so at
 * start each id table without it is rebuilt once with it (same columns, same rows, one transaction).
 */
@ApplicationScoped
public class StableIds {

    private static final Logger LOG = Logger.getLogger(StableIds.class.getName());
    static final List<String> TABLES = List.of("endpoints", "client_tokens", "incoming_blocks", "audit_log");

    @Resource(lookup = "java:app/jdbc/lb")
    DataSource database;

    public void ensure() {
        try (Connection c = database.getConnection()) {
            if (!c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("sqlite")) {
                return;
            }
            for (String table : TABLES) {
                String sql = schema(c, table);
                if (sql != null && !sql.toUpperCase(java.util.Locale.ROOT).contains("AUTOINCREMENT")) {
                    rebuild(c, table, sql);
                }
            }
        } catch (SQLException e) {
            LOG.warning(() -> "could not make ids never reused: " + e.getMessage());
        }
    }

    private static String schema(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    /** {@code CREATE TABLE t (ID INTEGER NOT NULL, …, PRIMARY KEY (ID))} as EclipseLink writes it, with AUTOINCREMENT. */
    static String withAutoincrement(String table, String sql) {
        String rebuilt = sql.replaceFirst("(?i)^CREATE TABLE \"?" + table + "\"? \\(", "CREATE TABLE " + table + "_rebuilt (")
                .replaceFirst("(?i)\\bID INTEGER NOT NULL\\b", "ID INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL")
                .replaceFirst("(?i),\\s*PRIMARY KEY \\(ID\\)\\s*\\)$", ")");
        if (!rebuilt.contains(table + "_rebuilt") || !rebuilt.contains("AUTOINCREMENT") || rebuilt.contains("PRIMARY KEY (ID)")) {
            throw new IllegalArgumentException("unexpected schema of " + table + ": " + sql);
        }
        return rebuilt;
    }

    private static void rebuild(Connection c, String table, String sql) throws SQLException {
        String create;
        try {
            create = withAutoincrement(table, sql);
        } catch (IllegalArgumentException unexpected) {
            LOG.warning(unexpected::getMessage);
            return;
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate(create);
            int rows = s.executeUpdate("INSERT INTO " + table + "_rebuilt SELECT * FROM " + table);
            s.executeUpdate("DROP TABLE " + table);
            s.executeUpdate("ALTER TABLE " + table + "_rebuilt RENAME TO " + table);
            c.commit();
            if (rows > 0) {
                LOG.info(() -> "table " + table + " rebuilt: ids of deleted rows are never reused from now on");
            }
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
