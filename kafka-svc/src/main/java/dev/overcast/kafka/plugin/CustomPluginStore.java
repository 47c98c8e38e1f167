package dev.overcast.kafka.plugin;

import dev.overcast.kafka.ConnectErrors;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Custom plugins in the schema: where the file is in S3 and what was read there. */
@Repository
public class CustomPluginStore {

    /** Where a plugin's file is: the bucket's ARN, the key, the object version (null: the one current when read). */
    public record Location(String bucketArn, String fileKey, String objectVersion) {

        public String bucket() {
            return bucketArn.substring(bucketArn.lastIndexOf(':') + 1);
        }
    }

    /** A custom plugin as stored (a plugin has one revision, 1, as on MSK Connect). */
    public record StoredPlugin(String arn, String account, String region, String name, String description, String state,
                               String stateCode, String stateMessage, Instant created, String contentType,
                               Location location, String fileMd5, Long fileSize) {
    }

    private final JdbcClient jdbc;

    public CustomPluginStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a new plugin, CREATING (in the caller's transaction); a name in use is a ConflictException. */
    public void insert(StoredPlugin p) {
        int n = jdbc.sql("""
                INSERT INTO custom_plugins (arn, account, region, name, description, state, created_at, content_type,
                                            bucket_arn, file_key, object_version)
                VALUES (:arn, :account, :region, :name, :description, :state, :created, :type, :bucket, :key, :version)
                ON CONFLICT (account, region, name) DO NOTHING""")
                .param("arn", p.arn()).param("account", p.account()).param("region", p.region()).param("name", p.name())
                .param("description", p.description()).param("state", p.state()).param("created", Timestamp.from(p.created()))
                .param("type", p.contentType()).param("bucket", p.location().bucketArn()).param("key", p.location().fileKey())
                .param("version", p.location().objectVersion()).update();
        if (n == 0) {
            throw ConnectErrors.conflict("A custom plugin with the name " + p.name() + " already exists.");
        }
    }

    /** The file was read: ACTIVE with its digest, size and the object version read; false if the plugin is gone. */
    public boolean activate(String arn, String objectVersion, String md5, long size) {
        return jdbc.sql("""
                UPDATE custom_plugins SET state = 'ACTIVE', object_version = :version, file_md5 = :md5, file_size = :size
                WHERE arn = :arn AND state = 'CREATING'""")
                .param("version", objectVersion).param("md5", md5).param("size", size).param("arn", arn).update() > 0;
    }

    public void fail(String arn, String code, String message) {
        jdbc.sql("UPDATE custom_plugins SET state = 'CREATE_FAILED', state_code = :code, state_message = :message WHERE arn = :arn AND state = 'CREATING'")
                .param("code", code).param("message", message).param("arn", arn).update();
    }

    public Optional<StoredPlugin> find(String arn) {
        return jdbc.sql("SELECT * FROM custom_plugins WHERE arn = :arn").param("arn", arn == null ? "" : arn)
                .query(CustomPluginStore::plugin).optional();
    }

    public StoredPlugin require(String account, String region, String arn) {
        return find(arn).filter(p -> p.account().equals(account) && p.region().equals(region))
                .orElseThrow(() -> ConnectErrors.notFound("custom plugin", arn));
    }

    public List<StoredPlugin> list(String account, String region, String namePrefix) {
        return jdbc.sql("""
                SELECT * FROM custom_plugins WHERE account = :account AND region = :region AND starts_with(name, :prefix)
                ORDER BY created_at, arn""")
                .param("account", account).param("region", region).param("prefix", namePrefix == null ? "" : namePrefix)
                .query(CustomPluginStore::plugin).list();
    }

    /** Plugins still CREATING (a restart during the read: read again). */
    public List<StoredPlugin> creating() {
        return jdbc.sql("SELECT * FROM custom_plugins WHERE state = 'CREATING'").query(CustomPluginStore::plugin).list();
    }

    /** The names of the connectors whose spec names this plugin. */
    public List<String> usedBy(String arn) {
        return jdbc.sql("SELECT name FROM connectors WHERE position(:arn in spec) > 0 ORDER BY name")
                .param("arn", "\"" + arn + "\"").query(String.class).list();
    }

    public void delete(String arn) {
        jdbc.sql("DELETE FROM custom_plugins WHERE arn = :arn").param("arn", arn).update();
    }

    private static StoredPlugin plugin(ResultSet rs, int row) throws SQLException {
        return new StoredPlugin(rs.getString("arn"), rs.getString("account"), rs.getString("region"), rs.getString("name"),
                rs.getString("description"), rs.getString("state"), rs.getString("state_code"), rs.getString("state_message"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("content_type"),
                new Location(rs.getString("bucket_arn"), rs.getString("file_key"), rs.getString("object_version")),
                rs.getString("file_md5"), (Long) rs.getObject("file_size"));
    }
}
