package dev.overcast.flink.application;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The operations of applications (schema {@code flink}, table {@code application_operations}). */
@Repository
public class OperationStore {

    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One operation as stored.
     *
     * @param versionFrom the version the application had before (null: the operation changed no version)
     */
    public record Operation(long application, String id, String operation, String status, Instant started, Instant ended,
                            Long versionFrom, Long versionTo, String error, String rollbackOperationId) {
    }

    private final JdbcClient jdbc;

    public OperationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records an operation IN_PROGRESS (in the caller's transaction); its id, as AWS returns it (OperationId). */
    public String begin(long application, String operation, Instant now, Long versionFrom, Long versionTo) {
        StringBuilder id = new StringBuilder(22);
        for (int i = 0; i < 22; i++) {
            id.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        jdbc.sql("""
                insert into application_operations (application_id, operation_id, operation, status, started, version_from, version_to)
                values (:a, :id, :op, 'IN_PROGRESS', :t, :from, :to)""")
                .param("a", application).param("id", id.toString()).param("op", operation).param("t", Timestamp.from(now))
                .param("from", versionFrom).param("to", versionTo).update();
        return id.toString();
    }

    public void succeed(long application, String id, Instant now) {
        end(application, id, "SUCCESSFUL", now, null, null);
    }

    /** The operation failed with {@code error} (AWS's ErrorString, at most 512 characters), maybe rolled back by another. */
    public void fail(long application, String id, Instant now, String error, String rollbackOperationId) {
        String e = error == null || error.isBlank() ? "The operation failed" : error;
        end(application, id, "FAILED", now, e.length() > 512 ? e.substring(0, 509) + "..." : e, rollbackOperationId);
    }

    public void cancel(long application, String id, Instant now) {
        end(application, id, "CANCELLED", now, null, null);
    }

    private void end(long application, String id, String status, Instant now, String error, String rollback) {
        if (id == null) {
            return;
        }
        jdbc.sql("""
                update application_operations set status = :s, ended = :t, error = coalesce(:e, error),
                       rollback_operation_id = coalesce(:r, rollback_operation_id)
                where application_id = :a and operation_id = :id""")
                .param("s", status).param("t", Timestamp.from(now)).param("e", error).param("r", rollback)
                .param("a", application).param("id", id).update();
    }

    public Optional<Operation> find(long application, String id) {
        return jdbc.sql("select * from application_operations where application_id = :a and operation_id = :id")
                .param("a", application).param("id", id).query(OperationStore::row).optional();
    }

    /** Newest first; {@code operation} and {@code status} filter when not null. */
    public List<Operation> list(long application, String operation, String status) {
        return jdbc.sql("""
                select * from application_operations where application_id = :a
                  and (cast(:op as text) is null or operation = :op) and (cast(:s as text) is null or status = :s)
                order by started desc, operation_id""")
                .param("a", application).param("op", operation).param("s", status).query(OperationStore::row).list();
    }

    private static Operation row(ResultSet rs, int i) throws SQLException {
        Timestamp ended = rs.getTimestamp("ended");
        return new Operation(rs.getLong("application_id"), rs.getString("operation_id"), rs.getString("operation"),
                rs.getString("status"), rs.getTimestamp("started").toInstant(), ended == null ? null : ended.toInstant(),
                (Long) rs.getObject("version_from"), (Long) rs.getObject("version_to"), rs.getString("error"),
                rs.getString("rollback_operation_id"));
    }
}
