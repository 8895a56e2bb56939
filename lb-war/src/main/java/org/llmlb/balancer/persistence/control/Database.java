package org.llmlb.balancer.persistence.control;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The store's connection pool; which database is {@link StoreDataSource}'s choice. Connections
 * are checked ({@code Connection.isValid}) before use and all dropped when one is found dead, so
 * a pool outlives a database restart (without it, every pooled connection failed once, and admin
 * calls after a PostgreSQL restart failed for long). The properties are the server's pool
 * settings by name (Payara's; another server ignores names it does not know).
 */
@DataSourceDefinition(
        name = "java:app/jdbc/lb",
        className = "org.llmlb.balancer.persistence.control.StoreDataSource",
        minPoolSize = 8,
        maxPoolSize = 32,
        properties = {
                "fish.payara.is-connection-validation-required=true",
                "fish.payara.connection-validation-method=custom-validation",
                "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation",
                "fish.payara.fail-all-connections=true"})
@ApplicationScoped
public class Database {
}
