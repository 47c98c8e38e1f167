package dev.overcast.dynamodb.stream;

import dev.overcast.common.time.SuiteClock;
import dev.overcast.dynamodb.kinesis.KinesisChangeStore;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.value.ItemJson;
import dev.overcast.dynamodb.value.ItemKey;
import dev.overcast.dynamodb.value.Values;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

/**
 * Records an item change, in the transaction of the change: the stream record when the table has a stream (on the
 * open shard its key hashes to), and the change for the Kinesis streaming destinations when the table has any.
 */
@Component
public class StreamWriter {

    private final JdbcClient jdbc;
    private final ShardStore shards;
    private final KinesisChangeStore kinesisChanges;
    private final SuiteClock clock;

    public StreamWriter(JdbcClient jdbc, ShardStore shards, KinesisChangeStore kinesisChanges, SuiteClock clock) {
        this.jdbc = jdbc;
        this.shards = shards;
        this.kinesisChanges = kinesisChanges;
        this.clock = clock;
    }

    /** Whether item changes of the table are recorded at all (a stream, or a Kinesis streaming destination). */
    public static boolean recordsChanges(TableDef t) {
        return streamEnabled(t) || t.kinesisStreaming();
    }

    static boolean streamEnabled(TableDef t) {
        StreamSpecification s = t.description().streamSpecification();
        return s != null && Boolean.TRUE.equals(s.streamEnabled());
    }

    public void record(TableDef table, ItemKey key, Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        record(table, key, before, after, null);
    }

    public void record(TableDef table, ItemKey key, Map<String, AttributeValue> before, Map<String, AttributeValue> after,
                       String userIdentity) {
        if (!recordsChanges(table) || (before == null && after == null)) {
            return;
        }
        // one writer per table at a time until commit: sequence numbers (and Kinesis change ids) are then in commit
        // order, so a reader that has seen number n will never later find a smaller one appear
        lock(table);
        String event = before == null ? "INSERT" : after == null ? "REMOVE" : "MODIFY";
        Instant now = clock.now();
        if (table.kinesisStreaming()) {
            kinesisChanges.append(table, event, key, after, before, userIdentity, now);
        }
        if (!streamEnabled(table)) {
            return;
        }
        StreamSpecification spec = table.description().streamSpecification();
        String view = spec.streamViewTypeAsString();
        String newImage = after != null && (view.equals("NEW_IMAGE") || view.equals("NEW_AND_OLD_IMAGES")) ? ItemJson.write(after) : null;
        String oldImage = before != null && (view.equals("OLD_IMAGE") || view.equals("NEW_AND_OLD_IMAGES")) ? ItemJson.write(before) : null;
        int size = Values.itemSize(key.attributes()) + (after != null && newImage != null ? Values.itemSize(after) : 0)
                + (before != null && oldImage != null ? Values.itemSize(before) : 0);
        String streamArn = table.description().latestStreamArn();
        String shardId = shards.shardFor(streamArn, ShardStore.hash(key.pk()));
        jdbc.sql("""
                insert into stream_record (stream_arn, shard_id, event_name, keys, new_image, old_image, size_bytes, created_at, user_identity)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(streamArn, shardId, event, ItemJson.write(key.attributes()), newImage, oldImage, size, Timestamp.from(now), userIdentity)
                .update();
    }

    /**
     * Takes the change locks of all the tables a multi-item write touches, in one global order, before any item is
     * written: a writer then never waits for an item while holding a table's changes.
     */
    public void lockStreams(Collection<TableDef> tables) {
        tables.stream().filter(StreamWriter::recordsChanges).map(t -> lockId(t.id())).distinct().sorted()
                .forEach(this::lock);
    }

    /** Takes the table's change lock (the stream's records and shards, the Kinesis changes) until commit. */
    void lock(TableDef table) {
        lock(lockId(table.id()));
    }

    private void lock(long id) {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(id).query((rs, i) -> 1).single();
    }

    static long lockId(long tableId) {
        return 0x53545245414DL ^ (tableId << 20);
    }
}
