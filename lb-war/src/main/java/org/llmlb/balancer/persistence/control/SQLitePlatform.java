package org.llmlb.balancer.persistence.control;

import java.util.Hashtable;

import org.eclipse.persistence.internal.databaseaccess.FieldTypeDefinition;
import org.eclipse.persistence.platform.database.DatabasePlatform;
import org.eclipse.persistence.queries.ValueReadQuery;

/**
 * EclipseLink does not know SQLite and would fall back to a generic platform that turns
 * IDENTITY into a sequence table and emits NUMBER(19) columns.
 */
public class SQLitePlatform extends DatabasePlatform {

    @Override
    public boolean supportsIdentity() {
        return true;
    }

    @Override
    public ValueReadQuery buildSelectQueryForIdentity() {
        return new ValueReadQuery("SELECT last_insert_rowid()");
    }

    @Override
    public boolean supportsForeignKeyConstraints() {
        return false;
    }

    @Override
    protected Hashtable<Class<?>, FieldTypeDefinition> buildFieldTypes() {
        Hashtable<Class<?>, FieldTypeDefinition> types = super.buildFieldTypes();
        types.put(Long.class, new FieldTypeDefinition("INTEGER", false));
        types.put(Integer.class, new FieldTypeDefinition("INTEGER", false));
        types.put(Boolean.class, new FieldTypeDefinition("BOOLEAN", false));
        types.put(String.class, new FieldTypeDefinition("TEXT", false));
        types.put(Double.class, new FieldTypeDefinition("REAL", false));
        return types;
    }

    @Override
    public void printFieldIdentityClause(java.io.Writer writer) {
        // SQLite makes an INTEGER PRIMARY KEY an alias of the rowid: no clause needed.
    }
}
