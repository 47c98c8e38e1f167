package dev.overcast.common.db;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionProxy;

/**
 * What to do with a pooled connection whose protocol state is not known any more.
 * <p>
 * A read that stops half-way through a streamed answer (a {@code COPY ... TO STDOUT} whose reader went away) cannot
 * hand its connection back: the rest of the answer is still on the wire, and a driver-side cancel is no way out
 * either (PgJDBC's cancel of a copy-out sends PostgreSQL's asynchronous cancel request and unlocks the connection at
 * once, so the unread rows, and later the cancel itself, land on whatever statement runs next on it). Such a
 * connection is {@linkplain #discard discarded}: taken out of the pool and its socket closed, which also stops the
 * server side of the read.
 */
public final class PooledConnections {

    private PooledConnections() {
    }

    /**
     * Takes {@code connection} (as handed out by {@code dataSource}, or Spring's proxy of it) out of the pool for good
     * and closes its socket at once; the caller still releases it as usual, and the pool then drops it instead of
     * handing it out again.
     */
    public static void discard(DataSource dataSource, Connection connection) {
        Connection pooled = connection instanceof ConnectionProxy proxy ? proxy.getTargetConnection() : connection;
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                dataSource.unwrap(HikariDataSource.class).evictConnection(pooled); // closed when it is released
            }
        } catch (SQLException | RuntimeException e) {
            // not a pool we know: the closed socket below makes it drop the connection on its next check
        }
        try {
            pooled.unwrap(Connection.class).abort(Runnable::run); // the physical connection: its socket closes now
        } catch (SQLException e) {
            // already closed
        }
    }
}
