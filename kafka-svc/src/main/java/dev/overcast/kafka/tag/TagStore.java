package dev.overcast.kafka.tag;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tags of clusters and configurations, by ARN. */
@Repository
public class TagStore {

    static final int MAX_TAGS = 50;

    private final JdbcClient jdbc;

    public TagStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, String> tags(String arn) {
        Map<String, String> tags = new LinkedHashMap<>();
        jdbc.sql("SELECT key, value FROM tags WHERE resource_arn = :arn ORDER BY key").param("arn", arn)
                .query(rs -> {
                    tags.put(rs.getString(1), rs.getString(2));
                });
        return tags;
    }

    public void put(String arn, Map<String, String> tags) {
        tags.forEach((k, v) -> jdbc.sql("""
                INSERT INTO tags (resource_arn, key, value) VALUES (:arn, :key, :value)
                ON CONFLICT (resource_arn, key) DO UPDATE SET value = EXCLUDED.value""")
                .param("arn", arn).param("key", k).param("value", v).update());
    }

    public void remove(String arn, Iterable<String> keys) {
        for (String k : keys) {
            jdbc.sql("DELETE FROM tags WHERE resource_arn = :arn AND key = :key").param("arn", arn).param("key", k).update();
        }
    }

    public void removeAll(String arn) {
        jdbc.sql("DELETE FROM tags WHERE resource_arn = :arn").param("arn", arn).update();
    }

    /** Whether a cluster or a configuration of that ARN exists in the account and region. */
    public boolean resourceExists(String account, String region, String arn) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM clusters WHERE arn = :arn AND account = :account AND region = :region)
                    OR EXISTS (SELECT 1 FROM configurations WHERE arn = :arn AND account = :account AND region = :region)""")
                .param("arn", arn).param("account", account).param("region", region).query(Boolean.class).single();
    }

    /** Tag keys of 1-128 and values of 0-256 characters, not starting with {@code aws:}; at most MSK's 50. */
    public static void validate(Map<String, String> tags) {
        validate(tags, MAX_TAGS);
    }

    /** The same with at most {@code max} tags (MSK Connect allows 200). */
    public static void validate(Map<String, String> tags, int max) {
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (t.getKey().isEmpty() || t.getKey().length() > 128 || t.getKey().startsWith("aws:")) {
                throw dev.overcast.kafka.KafkaErrors.badRequest("tags", "Invalid tag key: " + t.getKey());
            }
            if (t.getValue() == null || t.getValue().length() > 256) {
                throw dev.overcast.kafka.KafkaErrors.badRequest("tags", "Invalid tag value for key " + t.getKey());
            }
        }
        if (tags.size() > max) {
            throw dev.overcast.kafka.KafkaErrors.badRequest("tags", "A resource can have at most " + max + " tags.");
        }
    }

}
