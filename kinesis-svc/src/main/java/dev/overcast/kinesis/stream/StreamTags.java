package dev.overcast.kinesis.stream;

import dev.overcast.kinesis.Constraints;
import dev.overcast.kinesis.KinesisErrors;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A stream's tags in {@code kinesis.stream_tag}, and the rules tags follow. */
@Repository
public class StreamTags {

    /** Tags a stream may carry. */
    public static final int PER_STREAM = 50;
    private static final Pattern CHARACTERS = Pattern.compile("[\\p{L}\\p{N}\\s_.:/=+\\-@%]*");
    private static final String INVALID = "Some tags contain invalid characters. Valid characters: "
            + "Unicode letters, digits, white space, _ . / = + - % @ :.";

    /** The model's constraints on a TagMap (1–200 entries, keys 1–128, values 0–256) and Kinesis's characters. */
    public static void check(Map<String, String> tags) {
        Constraints c = Constraints.check();
        if (tags.isEmpty() || tags.size() > 200) {
            c.add(KinesisErrors.violation(tags, "tags", tags.isEmpty()
                    ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 200"));
        }
        tags.forEach((k, v) -> c.length(k, "tags.key", 1, 128).length(v, "tags.value", 0, 256));
        c.done();
        tags.forEach((k, v) -> checkCharacters(k, v));
    }

    /** The model's constraints on a TagKeyList (1–50 keys of 1–128 characters). */
    public static void checkKeys(java.util.List<String> keys) {
        Constraints c = Constraints.check();
        if (keys.isEmpty() || keys.size() > 50) {
            c.add(KinesisErrors.violation(keys, "tagKeys", keys.isEmpty()
                    ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 50"));
        }
        keys.forEach(k -> c.length(k, "tagKeys.member", 1, 128));
        c.done();
        keys.forEach(k -> checkCharacters(k, ""));
    }

    private static void checkCharacters(String key, String value) {
        if (!CHARACTERS.matcher(key).matches() || (value != null && !CHARACTERS.matcher(value).matches())) {
            throw KinesisErrors.invalidArgument(INVALID);
        }
    }

    private final JdbcClient jdbc;

    public StreamTags(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The tags in key order. */
    public Map<String, String> of(long streamId) {
        Map<String, String> tags = new LinkedHashMap<>();
        jdbc.sql("select key, value from stream_tag where stream_id = ? order by key collate \"C\"").param(streamId)
                .query(rs -> {
                    tags.put(rs.getString(1), rs.getString(2));
                });
        return tags;
    }

    /** Locks the stream's tags until the transaction ends, so that concurrent additions count each other. */
    public void lock(long streamId) {
        jdbc.sql("select id from stream where id = ? for update").param(streamId).query(Long.class).optional();
    }

    /** Adds or overwrites tags. */
    public void put(long streamId, Map<String, String> tags) {
        tags.forEach((k, v) -> jdbc.sql("""
                        insert into stream_tag (stream_id, key, value) values (?, ?, ?)
                        on conflict (stream_id, key) do update set value = excluded.value""")
                .params(streamId, k, v == null ? "" : v).update());
    }

    public void remove(long streamId, Collection<String> keys) {
        keys.forEach(k -> jdbc.sql("delete from stream_tag where stream_id = ? and key = ?").params(streamId, k).update());
    }
}
