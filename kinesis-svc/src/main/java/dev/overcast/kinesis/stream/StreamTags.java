package dev.overcast.kinesis.stream;

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

    /** Kinesis's characters for tags (the model checked the number of tags and their lengths). */
    public static void check(Map<String, String> tags) {
        tags.forEach(StreamTags::checkCharacters);
    }

    /** Kinesis's characters for tag keys (the model checked their number and lengths). */
    public static void checkKeys(java.util.List<String> keys) {
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
