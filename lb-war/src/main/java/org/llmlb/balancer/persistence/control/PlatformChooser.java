package org.llmlb.balancer.persistence.control;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.platform.database.PostgreSQLPlatform;
import org.eclipse.persistence.sessions.Session;

/**
 * EclipseLink's database dialect, chosen by {@code LB_DB_URL} before the first connection:
 * PostgreSQL's for a {@code jdbc:postgresql:} URL, else the SQLite one that
 * {@code persistence.xml} names (EclipseLink does not recognise SQLite by itself).
 */
public class PlatformChooser implements SessionCustomizer {

    @Override
    public void customize(Session session) {
        String url = ConfigProvider.getConfig(PlatformChooser.class.getClassLoader())
                .getOptionalValue("lb.db.url", String.class).orElse("");
        if (StoreDataSource.postgres(url)) {
            PostgreSQLPlatform postgres = new PostgreSQLPlatform();
            // PostgreSQL reports the columns it folded to lower case: compared as upper case, a
            // replica that starts on existing tables finds them complete instead of trying to add
            // every column again (and logging each failure with its stack)
            postgres.setShouldForceFieldNamesToUpperCase(true);
            session.getLogin().setPlatform(postgres);
        }
    }
}
