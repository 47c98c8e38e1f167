package dev.overcast.kafka.workerconfiguration;

import dev.overcast.kafka.ConnectErrors;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Worker configurations and their revisions (the properties file, base64 as sent) in the schema. */
@Repository
public class WorkerConfigurationStore {

    /** A worker configuration as stored. */
    public record StoredWorkerConfiguration(String arn, String name, String description, String state, Instant created,
                                            long latestRevision) {
    }

    /** One revision: its properties file, base64. */
    public record Revision(String arn, long revision, String description, String properties, Instant created) {
    }

    private final JdbcClient jdbc;

    public WorkerConfigurationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a new worker configuration with its revision 1 (in the caller's transaction); a name in use is a conflict. */
    public void create(String account, String region, StoredWorkerConfiguration c, String properties) {
        int n = jdbc.sql("""
                INSERT INTO worker_configurations (arn, account, region, name, description, state, created_at, latest_revision)
                VALUES (:arn, :account, :region, :name, :description, 'ACTIVE', :created, 1)
                ON CONFLICT (account, region, name) DO NOTHING""")
                .param("arn", c.arn()).param("account", account).param("region", region).param("name", c.name())
                .param("description", c.description()).param("created", Timestamp.from(c.created())).update();
        if (n == 0) {
            throw ConnectErrors.conflict("A worker configuration with the name " + c.name() + " already exists.");
        }
        jdbc.sql("""
                INSERT INTO worker_configuration_revisions (arn, revision, description, properties, created_at)
                VALUES (:arn, 1, :description, :properties, :created)""")
                .param("arn", c.arn()).param("description", c.description()).param("properties", properties)
                .param("created", Timestamp.from(c.created())).update();
    }

    public StoredWorkerConfiguration require(String account, String region, String arn) {
        return jdbc.sql("SELECT * FROM worker_configurations WHERE arn = :arn AND account = :account AND region = :region")
                .param("arn", arn == null ? "" : arn).param("account", account).param("region", region)
                .query(WorkerConfigurationStore::configuration).optional()
                .orElseThrow(() -> ConnectErrors.notFound("worker configuration", arn));
    }

    public List<StoredWorkerConfiguration> list(String account, String region, String namePrefix) {
        return jdbc.sql("""
                SELECT * FROM worker_configurations WHERE account = :account AND region = :region
                  AND starts_with(name, :prefix) ORDER BY created_at, arn""")
                .param("account", account).param("region", region).param("prefix", namePrefix == null ? "" : namePrefix)
                .query(WorkerConfigurationStore::configuration).list();
    }

    public Optional<Revision> revision(String arn, long revision) {
        return jdbc.sql("SELECT * FROM worker_configuration_revisions WHERE arn = :arn AND revision = :revision")
                .param("arn", arn).param("revision", revision)
                .query((rs, i) -> new Revision(rs.getString("arn"), rs.getLong("revision"), rs.getString("description"),
                        rs.getString("properties"), rs.getTimestamp("created_at").toInstant())).optional();
    }

    public void delete(String arn) {
        jdbc.sql("DELETE FROM worker_configurations WHERE arn = :arn").param("arn", arn).update();
    }

    private static StoredWorkerConfiguration configuration(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new StoredWorkerConfiguration(rs.getString("arn"), rs.getString("name"), rs.getString("description"),
                rs.getString("state"), rs.getTimestamp("created_at").toInstant(), rs.getLong("latest_revision"));
    }
}
