package org.llmlb.balancer.persistence.control;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Optional;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The data source behind the connection pool: the SQLite file at {@code LB_DB_PATH} (WAL mode, so
 * readers never block the stats flush) unless {@code LB_DB_URL} names a PostgreSQL database
 * ({@code jdbc:postgresql://host:port/db}, with {@code LB_DB_USER} and {@code LB_DB_PASSWORD} or
 * {@code LB_DB_PASSWORD_FILE}). Chosen when the first connection is made, from the application's
 * configuration: the container reads {@code @DataSourceDefinition} before that configuration is
 * there. The password is read, never logged.
 */
public class StoreDataSource implements DataSource {

    private volatile DataSource target;
    private PrintWriter logWriter;
    private int loginTimeout;

    private DataSource target() throws SQLException {
        DataSource t = target;
        if (t == null) {
            synchronized (this) {
                t = target;
                if (t == null) {
                    t = create(ConfigProvider.getConfig(StoreDataSource.class.getClassLoader()));
                    target = t;
                }
            }
        }
        return t;
    }

    /** Whether {@code url} names PostgreSQL (public: in an EAR this class sits in lib/, its caller in the WAR). */
    public static boolean postgres(String url) {
        return url != null && url.startsWith("jdbc:postgresql:");
    }

    private static DataSource create(Config config) throws SQLException {
        Optional<String> url = config.getOptionalValue("lb.db.url", String.class);
        if (url.isPresent() && postgres(url.get())) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setUrl(url.get());
            config.getOptionalValue("lb.db.user", String.class).ifPresent(pg::setUser);
            password(config).ifPresent(pg::setPassword);
            pg.setApplicationName("llmlb");
            return pg;
        }
        if (url.isPresent() && !url.get().startsWith("jdbc:sqlite:")) {
            throw new SQLException("LB_DB_URL must be a jdbc:postgresql: URL (or unset for the SQLite file)");
        }
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setBusyTimeout(5000);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.enforceForeignKeys(false);
        SQLiteDataSource file = new SQLiteDataSource(sqlite);
        file.setUrl(url.orElseGet(() -> "jdbc:sqlite:" + config.getValue("lb.db.path", String.class)));
        return file;
    }

    private static Optional<String> password(Config config) throws SQLException {
        Optional<String> file = config.getOptionalValue("lb.db.password.file", String.class);
        if (file.isPresent()) {
            try {
                return Optional.of(Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new SQLException("LB_DB_PASSWORD_FILE cannot be read: " + e.getClass().getSimpleName());
            }
        }
        return config.getOptionalValue("lb.db.password", String.class);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return target().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return target().getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return target().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || target().isWrapperFor(type);
    }
}
