package dev.overcast.dynamodb.stream;

import dev.overcast.common.time.SuiteClock;
import dev.overcast.dynamodb.kinesis.KinesisChangeStore;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.value.ItemJson;
import dev.overcast.dynamodb.value.ItemKey;
import dev.overcast.dynamodb.value.Values;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final StreamBusEvents bus;

    public StreamWriter(JdbcClient jdbc, ShardStore shards, KinesisChangeStore kinesisChanges, SuiteClock clock,
                        StreamBusEvents bus) {
        this.jdbc = jdbc;
        this.shards = shards;
        this.kinesisChanges = kinesisChanges;
        this.clock = clock;
        this.bus = bus;
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
        Instant now = clock.now();
        if (table.kinesisStreaming()) {
            kinesisChanges.append(table, eventName(before, after), key, after, before, userIdentity, now);
        }
        if (streamEnabled(table)) {
            bus.recorded(List.of(insert(pending(table, key, before, after, null, userIdentity), now)));
        }
    }

    /**
     * An item's change to record: the item before and after it (null when absent), and the JSON of the item after it
     * as its row stores it ({@link ItemJson#write}) when the caller has it already, else null.
     */
    public record Change(TableDef table, ItemKey key, Map<String, AttributeValue> before, Map<String, AttributeValue> after,
                         String afterJson) {
    }

    /**
     * Records the changes of a group of writes (none by a named principal), in their order, as {@link #record} would
     * one after the other, under the change locks of their tables that the caller holds ({@link #lockStreams}): the
     * stream records of all of them in one statement, their sequence numbers ascending in the changes' order and each
     * on the open shard its key hashes to, then their outbox rows in one statement. A stream whose shards must change
     * first (its first shard to open, an aged shard, a shard these records would fill up) takes its records one at a
     * time, as {@link #record} does, since a shard opened or closed meanwhile takes its sequence numbers from theirs.
     */
    public void recordAll(List<Change> changes) {
        Instant now = clock.now();
        List<Pending> pending = new ArrayList<>();
        Map<String, List<Long>> hashes = new LinkedHashMap<>();
        for (Change c : changes) {
            if (!recordsChanges(c.table()) || (c.before() == null && c.after() == null)) {
                continue;
            }
            if (c.table().kinesisStreaming()) {
                kinesisChanges.append(c.table(), eventName(c.before(), c.after()), c.key(), c.after(), c.before(), null, now);
            }
            if (streamEnabled(c.table())) {
                Pending p = pending(c.table(), c.key(), c.before(), c.after(), c.afterJson(), null);
                pending.add(p);
                hashes.computeIfAbsent(p.streamArn(), a -> new ArrayList<>()).add(p.hash());
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        Map<String, List<String>> assigned = shards.assign(hashes, now);
        StreamBusEvents.Recorded[] recorded = new StreamBusEvents.Recorded[pending.size()];
        List<Integer> batch = new ArrayList<>();
        List<String> batchShards = new ArrayList<>();
        Map<String, Integer> taken = new HashMap<>();
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            List<String> shardIds = assigned.get(p.streamArn());
            if (shardIds == null) {
                recorded[i] = insert(p, now);
            } else {
                batch.add(i);
                batchShards.add(shardIds.get(taken.merge(p.streamArn(), 1, Integer::sum) - 1));
            }
        }
        if (!batch.isEmpty()) {
            List<Long> seqs = insertAll(batch.stream().map(pending::get).toList(), batchShards, now);
            for (int j = 0; j < batch.size(); j++) {
                recorded[batch.get(j)] = pending.get(batch.get(j)).recorded(seqs.get(j), now);
            }
        }
        bus.recorded(List.of(recorded));
    }

    /** A stream record to write: its stream, the key hash that picks its shard, and its contents. */
    private record Pending(TableDef table, String streamArn, long hash, String event, String keys, String newImage,
                           String oldImage, int size, String userIdentity) {

        StreamBusEvents.Recorded recorded(long seq, Instant created) {
            return new StreamBusEvents.Recorded(table, seq, event, created, keys, newImage, oldImage, size, userIdentity);
        }
    }

    private static String eventName(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        return before == null ? "INSERT" : after == null ? "REMOVE" : "MODIFY";
    }

    /**
     * The stream record of a change, with the images the stream's view type keeps (the new one as afterJson holds it,
     * when given).
     */
    private static Pending pending(TableDef table, ItemKey key, Map<String, AttributeValue> before,
                                   Map<String, AttributeValue> after, String afterJson, String userIdentity) {
        String view = table.description().streamSpecification().streamViewTypeAsString();
        String newImage = after != null && (view.equals("NEW_IMAGE") || view.equals("NEW_AND_OLD_IMAGES"))
                ? (afterJson != null ? afterJson : ItemJson.write(after)) : null;
        String oldImage = before != null && (view.equals("OLD_IMAGE") || view.equals("NEW_AND_OLD_IMAGES")) ? ItemJson.write(before) : null;
        int size = Values.itemSize(key.attributes()) + (after != null && newImage != null ? Values.itemSize(after) : 0)
                + (before != null && oldImage != null ? Values.itemSize(before) : 0);
        return new Pending(table, table.description().latestStreamArn(), ShardStore.hash(key.pk()),
                eventName(before, after), ItemJson.write(key.attributes()), newImage, oldImage, size, userIdentity);
    }

    /** Writes one stream record on the open shard its key hashes to (opening, rolling over or splitting shards first). */
    private StreamBusEvents.Recorded insert(Pending p, Instant now) {
        String shardId = shards.shardFor(p.streamArn(), p.hash());
        long seq = jdbc.sql("""
                insert into stream_record (stream_arn, shard_id, event_name, keys, new_image, old_image, size_bytes, created_at, user_identity)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning seq""")
                .params(p.streamArn(), shardId, p.event(), p.keys(), p.newImage(), p.oldImage(), p.size(), Timestamp.from(now),
                        p.userIdentity())
                .query(Long.class).single();
        return p.recorded(seq, now);
    }

    /** Writes stream records on the shards given, in one statement: their sequence numbers, ascending in their order. */
    private List<Long> insertAll(List<Pending> records, List<String> shardIds, Instant now) {
        int n = records.size();
        String[] arns = new String[n];
        String[] events = new String[n];
        String[] keys = new String[n];
        String[] newImages = new String[n];
        String[] oldImages = new String[n];
        Integer[] sizes = new Integer[n];
        String[] identities = new String[n];
        for (int i = 0; i < n; i++) {
            Pending p = records.get(i);
            arns[i] = p.streamArn();
            events[i] = p.event();
            keys[i] = p.keys();
            newImages[i] = p.newImage();
            oldImages[i] = p.oldImage();
            sizes[i] = p.size();
            identities[i] = p.userIdentity();
        }
        // the rows of unnest come in the arrays' order, and each takes its seq as it is inserted
        List<Long> seqs = jdbc.sql("""
                insert into stream_record (stream_arn, shard_id, event_name, keys, new_image, old_image, size_bytes, created_at, user_identity)
                select r.arn, r.shard, r.event, r.keys, r.new_image, r.old_image, r.size, ?, r.identity
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::integer[], ?::text[])
                    r(arn, shard, event, keys, new_image, old_image, size, identity)
                returning seq""")
                .params(Timestamp.from(now), arns, shardIds.toArray(String[]::new), events, keys, newImages, oldImages,
                        sizes, identities)
                .query(Long.class).list();
        return seqs.stream().sorted().toList();
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
