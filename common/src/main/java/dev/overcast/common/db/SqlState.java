package dev.overcast.common.db;

import java.sql.SQLException;
import org.springframework.dao.DataAccessException;

/** PostgreSQL's SQLSTATE codes the services act on, and the one way to ask a failure for its code. */
public final class SqlState {

    /** A lock not taken within {@code lock_timeout}. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";

    /** A table that does not exist. */
    public static final String UNDEFINED_TABLE = "42P01";

    private SqlState() {
    }

    /** Whether PostgreSQL failed the statement behind {@code e} with {@code state}. */
    public static boolean is(DataAccessException e, String state) {
        return e.getMostSpecificCause() instanceof SQLException sql && state.equals(sql.getSQLState());
    }
}
