package dev.overcast.common.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * A background job's lock across the replicas of a service: a PostgreSQL session advisory lock taken without waiting on
 * a connection held for the job's run, so that of several replicas sweeping one schema only one runs the job at a time
 * (the others skip that round). The job may run many transactions of its own while the lock is held.
 */
public final class JobLock {

    private final DataSource dataSource;

    public JobLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A lock id for a job's name, stable across replicas and versions. */
    public static long id(String job) {
        long h = 0x4F56455243415354L; // "OVERCAST"
        for (int i = 0; i < job.length(); i++) {
            h = (h ^ job.charAt(i)) * 0x100000001B3L;
        }
        return h;
    }

    /** Runs the job if no other replica runs it now; false when it was skipped. */
    public boolean runExclusively(String job, Runnable body) {
        long id = id(job);
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            if (!call(connection, "select pg_try_advisory_lock(?)", id)) {
                return false;
            }
            try {
                body.run();
            } finally {
                call(connection, "select pg_advisory_unlock(?)", id);
            }
            return true;
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static boolean call(Connection connection, String sql, long id) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("advisory lock " + id + ": " + e.getMessage(), e);
        }
    }
}
