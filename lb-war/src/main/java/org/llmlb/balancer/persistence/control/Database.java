package org.llmlb.balancer.persistence.control;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/** The store's connection pool; which database is {@link StoreDataSource}'s choice. */
@DataSourceDefinition(
        name = "java:app/jdbc/lb",
        className = "org.llmlb.balancer.persistence.control.StoreDataSource",
        minPoolSize = 8,
        maxPoolSize = 32)
@ApplicationScoped
public class Database {
}
