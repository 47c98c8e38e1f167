package dev.overcast.dynamodb.stream;

import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.value.ItemJson;
import dev.overcast.dynamodb.value.ItemKey;
import dev.overcast.dynamodb.value.Values;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

/** Writes the stream record of an item change, in the transaction of the change, when the table has a stream. */
@Component
public class StreamWriter {

    private final JdbcClient jdbc;
    private final StreamBusEvents bus;

    public StreamWriter(JdbcClient jdbc, StreamBusEvents bus) {
        this.jdbc = jdbc;
        this.bus = bus;
    }

    public void record(TableDef table, ItemKey key, Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        record(table, key, before, after, null);
    }

    public void record(TableDef table, ItemKey key, Map<String, AttributeValue> before, Map<String, AttributeValue> after,
                       String userIdentity) {
        StreamSpecification spec = table.description().streamSpecification();
        if (spec == null || !Boolean.TRUE.equals(spec.streamEnabled()) || (before == null && after == null)) {
            return;
        }
        String view = spec.streamViewTypeAsString();
        String event = before == null ? "INSERT" : after == null ? "REMOVE" : "MODIFY";
        String newImage = after != null && (view.equals("NEW_IMAGE") || view.equals("NEW_AND_OLD_IMAGES")) ? ItemJson.write(after) : null;
        String oldImage = before != null && (view.equals("OLD_IMAGE") || view.equals("NEW_AND_OLD_IMAGES")) ? ItemJson.write(before) : null;
        int size = Values.itemSize(key.attributes()) + (after != null && newImage != null ? Values.itemSize(after) : 0)
                + (before != null && oldImage != null ? Values.itemSize(before) : 0);
        // one writer per stream at a time until commit: sequence numbers are then in commit order, so a reader
        // that has seen sequence number n will never later find a smaller one appear
        jdbc.sql("select pg_advisory_xact_lock(?)").param(lockId(table.description().latestStreamArn()))
                .query((rs, i) -> 1).single();
        Instant now = Instant.now();
        String keys = ItemJson.write(key.attributes());
        long seq = jdbc.sql("""
                insert into stream_record (stream_arn, event_name, keys, new_image, old_image, size_bytes, created_at, user_identity)
                values (?, ?, ?, ?, ?, ?, ?, ?) returning seq""")
                .params(table.description().latestStreamArn(), event, keys, newImage, oldImage,
                        size, Timestamp.from(now), userIdentity)
                .query(Long.class).single();
        bus.recorded(table, seq, event, now, keys, newImage, oldImage, size, userIdentity);
    }

    /**
     * Takes the stream locks of all the tables a multi-item write touches, in one global order, before any item is
     * written: a writer then never waits for an item while holding a stream.
     */
    public void lockStreams(java.util.Collection<TableDef> tables) {
        tables.stream()
                .filter(t -> t.description().streamSpecification() != null
                        && Boolean.TRUE.equals(t.description().streamSpecification().streamEnabled()))
                .map(t -> lockId(t.description().latestStreamArn())).distinct().sorted()
                .forEach(id -> jdbc.sql("select pg_advisory_xact_lock(?)").param(id).query((rs, i) -> 1).single());
    }

    static long lockId(String streamArn) {
        return 0x53545245414DL ^ ((long) streamArn.hashCode() << 16);
    }
}
