package dev.overcast.kinesis.consumer;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A consumer's tags in {@code kinesis.consumer_tag} (the rules are a stream's, {@link dev.overcast.kinesis.stream.StreamTags}). */
@Repository
public class ConsumerTags {

    private final JdbcClient jdbc;

    public ConsumerTags(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The tags in key order. */
    public Map<String, String> of(long streamId, String consumer) {
        Map<String, String> tags = new LinkedHashMap<>();
        jdbc.sql("select key, value from consumer_tag where stream_id = ? and consumer_name = ? order by key collate \"C\"")
                .params(streamId, consumer).query(rs -> {
                    tags.put(rs.getString(1), rs.getString(2));
                });
        return tags;
    }

    /** Locks the consumer until the transaction ends, so that concurrent additions count each other. */
    public void lock(long streamId, String consumer) {
        jdbc.sql("select name from consumer where stream_id = ? and name = ? for update").params(streamId, consumer)
                .query(String.class).optional();
    }

    /** Adds or overwrites tags. */
    public void put(long streamId, String consumer, Map<String, String> tags) {
        tags.forEach((k, v) -> jdbc.sql("""
                        insert into consumer_tag (stream_id, consumer_name, key, value) values (?, ?, ?, ?)
                        on conflict (stream_id, consumer_name, key) do update set value = excluded.value""")
                .params(streamId, consumer, k, v == null ? "" : v).update());
    }

    public void remove(long streamId, String consumer, Collection<String> keys) {
        keys.forEach(k -> jdbc.sql("delete from consumer_tag where stream_id = ? and consumer_name = ? and key = ?")
                .params(streamId, consumer, k).update());
    }
}
