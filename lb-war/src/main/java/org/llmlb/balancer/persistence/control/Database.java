package org.llmlb.balancer.persistence.control;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/** The SQLite file at {@code LB_DB_PATH}, in WAL mode so readers never block the stats flush. */
@DataSourceDefinition(
        name = "java:app/jdbc/lb",
        className = "org.sqlite.SQLiteDataSource",
        url = "jdbc:sqlite:${MPCONFIG=lb.db.path}",
        minPoolSize = 8,
        maxPoolSize = 32,
        properties = {"journalMode=WAL", "busyTimeout=5000", "synchronous=NORMAL", "foreignKeys=false"})
@ApplicationScoped
public class Database {
}
