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

    /**
     * Whether {@code failure} means the database cannot be reached right now, not that the request was wrong: no
     * connection within the pool's timeout, a connection broken or refused (class 08), or a server shutting down,
     * starting up or crashed (57P01-57P03). The request may be tried again.
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof org.springframework.jdbc.CannotGetJdbcConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether PostgreSQL failed the statement behind {@code e} with {@code state}. */
    public static boolean is(DataAccessException e, String state) {
        return e.getMostSpecificCause() instanceof SQLException sql && state.equals(sql.getSQLState());
    }
}
