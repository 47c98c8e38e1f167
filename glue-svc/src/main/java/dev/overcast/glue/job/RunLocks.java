package dev.overcast.glue.job;

import dev.overcast.common.db.JobLock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Which replica runs which job run: the replica holds a PostgreSQL session advisory lock per run it executes, on one
 * connection of its own kept for the purpose. A run in a non-final state whose lock nobody holds has lost its replica
 * (a stop or kill of the service ends the session and so frees the lock), which is how a starting service tells the
 * runs it interrupted from the runs another replica is still carrying on.
 */
@Component
public class RunLocks implements AutoCloseable {

    private final DataSource dataSource;
    private Connection connection;

    public RunLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private static long id(String runId) {
        return JobLock.id("glue-job-run:" + runId);
    }

    /** Takes the run's lock for this replica (it is free: the run has just been created here). */
    synchronized void hold(String runId) {
        call("select pg_advisory_lock(?)", id(runId));
    }

    synchronized void release(String runId) {
        call("select pg_advisory_unlock(?)", id(runId));
    }

    /** Runs {@code body} with the run's lock if no replica holds it; nothing happens when one does. */
    synchronized void ifUnheld(String runId, Runnable body) {
        if (!call("select pg_try_advisory_lock(?)", id(runId))) {
            return;
        }
        try {
            body.run();
        } finally {
            call("select pg_advisory_unlock(?)", id(runId));
        }
    }

    private boolean call(String sql, long id) {
        try {
            if (connection == null || connection.isClosed() || !connection.isValid(5)) {
                connection = dataSource.getConnection();
                connection.setAutoCommit(true);
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setLong(1, id);
                try (ResultSet rs = statement.executeQuery()) {
                    return !rs.next() || rs.getObject(1) == null || !(rs.getObject(1) instanceof Boolean b) || b;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("job run lock " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            // closing anyway
        }
    }
}
