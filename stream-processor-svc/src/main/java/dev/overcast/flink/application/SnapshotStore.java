package dev.overcast.flink.application;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Snapshots: the Flink savepoint of an application, its files in the suite's S3 under {@code s3Prefix}. */
@Repository
public class SnapshotStore {

    public record Snapshot(long application, String name, String status, long versionId, Instant created, String s3Prefix,
                           String savepointPath) {
    }

    private final JdbcClient jdbc;

    public SnapshotStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a snapshot in CREATING; false when the name is taken. */
    public boolean insert(long application, String name, long versionId, Instant now, String s3Prefix) {
        return jdbc.sql("""
                insert into snapshots (application_id, name, status, version_id, created, s3_prefix)
                values (:id, :n, 'CREATING', :v, :t, :p) on conflict do nothing""")
                .param("id", application).param("n", name).param("v", versionId).param("t", Timestamp.from(now))
                .param("p", s3Prefix).update() == 1;
    }

    public void ready(long application, String name, String savepointPath) {
        jdbc.sql("update snapshots set status = 'READY', savepoint_path = :s where application_id = :id and name = :n")
                .param("s", savepointPath).param("id", application).param("n", name).update();
    }

    public void setStatus(long application, String name, String status) {
        jdbc.sql("update snapshots set status = :s where application_id = :id and name = :n")
                .param("s", status).param("id", application).param("n", name).update();
    }

    public void delete(long application, String name) {
        jdbc.sql("delete from snapshots where application_id = :id and name = :n").param("id", application).param("n", name).update();
    }

    public Optional<Snapshot> find(long application, String name) {
        return jdbc.sql("select * from snapshots where application_id = :id and name = :n").param("id", application)
                .param("n", name).query(SnapshotStore::row).optional();
    }

    /** Newest first. */
    public List<Snapshot> list(long application) {
        return jdbc.sql("select * from snapshots where application_id = :id order by created desc, name")
                .param("id", application).query(SnapshotStore::row).list();
    }

    public Optional<Snapshot> latestReady(long application) {
        return list(application).stream().filter(s -> s.status().equals("READY")).findFirst();
    }

    private static Snapshot row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new Snapshot(rs.getLong("application_id"), rs.getString("name"), rs.getString("status"), rs.getLong("version_id"),
                rs.getTimestamp("created").toInstant(), rs.getString("s3_prefix"), rs.getString("savepoint_path"));
    }
}
