package dev.overcast.kafka.configuration;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overcast.kafka.KafkaErrors;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** MSK configurations and their revisions in the schema. */
@Repository
public class ConfigurationStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public ConfigurationStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** A configuration as stored. */
    public record StoredConfiguration(String arn, String name, String description, List<String> kafkaVersions,
                                      String state, Instant created, long latestRevision) {
    }

    /** One revision. */
    public record Revision(String arn, long revision, String description, byte[] serverProperties, Instant created) {
    }

    public void create(String account, String region, StoredConfiguration c, byte[] serverProperties) {
        tx.executeWithoutResult(s -> {
            int n = jdbc.sql("""
                    INSERT INTO configurations (arn, account, region, name, description, kafka_versions, state, created_at, latest_revision)
                    VALUES (:arn, :account, :region, :name, :description, :versions, :state, :created, 1)
                    ON CONFLICT (account, region, name) DO NOTHING""")
                    .param("arn", c.arn()).param("account", account).param("region", region).param("name", c.name())
                    .param("description", c.description()).param("versions", json(c.kafkaVersions()))
                    .param("state", c.state()).param("created", Timestamp.from(c.created())).update();
            if (n == 0) {
                throw KafkaErrors.conflict("name", "A configuration with the name " + c.name() + " already exists.");
            }
            insertRevision(new Revision(c.arn(), 1, c.description(), serverProperties, c.created()));
        });
    }

    /** Adds the next revision; returns it. */
    public Revision addRevision(String arn, String description, byte[] serverProperties, Instant now) {
        return tx.execute(s -> {
            Long next = jdbc.sql("UPDATE configurations SET latest_revision = latest_revision + 1 WHERE arn = :arn AND state = 'ACTIVE' RETURNING latest_revision")
                    .param("arn", arn).query(Long.class).optional().orElseThrow(() -> notFound(arn));
            Revision r = new Revision(arn, next, description, serverProperties, now);
            insertRevision(r);
            return r;
        });
    }

    private void insertRevision(Revision r) {
        jdbc.sql("""
                INSERT INTO configuration_revisions (arn, revision, description, server_properties, created_at)
                VALUES (:arn, :revision, :description, :props, :created)""")
                .param("arn", r.arn()).param("revision", r.revision()).param("description", r.description())
                .param("props", r.serverProperties()).param("created", Timestamp.from(r.created())).update();
    }

    public Optional<StoredConfiguration> find(String account, String region, String arn) {
        return jdbc.sql("SELECT * FROM configurations WHERE arn = :arn AND account = :account AND region = :region")
                .param("arn", arn).param("account", account).param("region", region).query(ConfigurationStore::configuration).optional();
    }

    public StoredConfiguration require(String account, String region, String arn) {
        return find(account, region, arn).orElseThrow(() -> notFound(arn));
    }

    public List<StoredConfiguration> list(String account, String region) {
        return jdbc.sql("SELECT * FROM configurations WHERE account = :account AND region = :region ORDER BY created_at, arn")
                .param("account", account).param("region", region).query(ConfigurationStore::configuration).list();
    }

    public Optional<Revision> revision(String arn, long revision) {
        return jdbc.sql("SELECT * FROM configuration_revisions WHERE arn = :arn AND revision = :revision")
                .param("arn", arn).param("revision", revision).query(ConfigurationStore::revision).optional();
    }

    public List<Revision> revisions(String arn) {
        return jdbc.sql("SELECT * FROM configuration_revisions WHERE arn = :arn ORDER BY revision")
                .param("arn", arn).query(ConfigurationStore::revision).list();
    }

    /** Whether a cluster uses the configuration (it cannot be deleted then). */
    public boolean inUse(String arn) {
        return jdbc.sql("SELECT count(*) FROM clusters WHERE spec LIKE :pattern").param("pattern", "%\"arn\":\"" + arn + "\"%")
                .query(Long.class).single() > 0;
    }

    public void delete(String arn) {
        jdbc.sql("DELETE FROM configurations WHERE arn = :arn").param("arn", arn).update();
    }

    private static dev.overcast.common.error.AwsException notFound(String arn) {
        return KafkaErrors.notFound("arn", "The requested resource could not be found: " + arn);
    }

    private static StoredConfiguration configuration(ResultSet rs, int row) throws SQLException {
        return new StoredConfiguration(rs.getString("arn"), rs.getString("name"), rs.getString("description"),
                list(rs.getString("kafka_versions")), rs.getString("state"), rs.getTimestamp("created_at").toInstant(),
                rs.getLong("latest_revision"));
    }

    private static Revision revision(ResultSet rs, int row) throws SQLException {
        return new Revision(rs.getString("arn"), rs.getLong("revision"), rs.getString("description"),
                rs.getBytes("server_properties"), rs.getTimestamp("created_at").toInstant());
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values == null ? List.of() : values);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
