package dev.overcast.firehose.deliverystream;

import dev.overcast.firehose.FirehoseErrors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.services.firehose.model.Tag;

/** Tags of delivery streams in {@code firehose.delivery_stream_tag}: at most 50 per stream. */
@Repository
public class DeliveryStreamTags {

    public static final int MAX_TAGS = 50;

    private final JdbcClient jdbc;

    public DeliveryStreamTags(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The stream's tags in key order. */
    public Map<String, String> of(long streamId) {
        Map<String, String> tags = new LinkedHashMap<>();
        jdbc.sql("select tag_key, tag_value from delivery_stream_tag where stream_id = ? order by tag_key collate \"C\"")
                .param(streamId).query(rs -> {
                    tags.put(rs.getString(1), rs.getString(2));
                });
        return tags;
    }

    /**
     * Adds or replaces tags, in the caller's transaction with the stream's row locked; refuses a result of more than
     * 50 tags as AWS does.
     */
    public void put(DeliveryStream stream, List<Tag> tags) {
        Map<String, String> merged = of(stream.id());
        tags.forEach(t -> merged.put(t.key(), t.value() == null ? "" : t.value()));
        if (merged.size() > MAX_TAGS) {
            throw FirehoseErrors.limitExceeded("A delivery stream cannot have more than " + MAX_TAGS + " tags: "
                    + stream.name() + " would have " + merged.size() + ".");
        }
        for (Tag t : tags) {
            jdbc.sql("""
                            insert into delivery_stream_tag (stream_id, tag_key, tag_value) values (?, ?, ?)
                            on conflict (stream_id, tag_key) do update set tag_value = excluded.tag_value""")
                    .params(stream.id(), t.key(), t.value() == null ? "" : t.value()).update();
        }
    }

    public void remove(long streamId, List<String> keys) {
        for (String k : keys) {
            jdbc.sql("delete from delivery_stream_tag where stream_id = ? and tag_key = ?").params(streamId, k).update();
        }
    }
}
