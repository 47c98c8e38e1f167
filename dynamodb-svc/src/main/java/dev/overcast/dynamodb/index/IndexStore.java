package dev.overcast.dynamodb.index;

import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.schema.IndexDef;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.value.ItemJson;
import dev.overcast.dynamodb.value.ItemKey;
import dev.overcast.dynamodb.value.KeyCodec;
import dev.overcast.dynamodb.value.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ItemCollectionMetrics;
import software.amazon.awssdk.services.dynamodb.model.ReturnItemCollectionMetrics;

/**
 * Secondary index entries in {@code dynamodb.index_entry}: one row per item that carries the index's key
 * attributes, written in the transaction of the item write, backfilled when a GSI is added.
 */
@Repository
public class IndexStore {

    /** One entry: the index, its key in byte-comparable form. */
    public record Entry(String index, byte[] ipk, byte[] isk) {
    }

    private static final long MAX_COLLECTION_BYTES = 10L << 30;
    public static final int BACKFILL_BATCH = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public IndexStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** DynamoDB's limits on the size of an index's partition and sort key values (as on the table's keys). */
    static final int MAX_PARTITION_KEY_BYTES = 2048;
    static final int MAX_SORT_KEY_BYTES = 1024;

    /**
     * The index entries an item has; refuses the write, with DynamoDB's message, when an index key attribute is present
     * but cannot be an index key: of another type than declared, empty, or too large.
     */
    public static List<Entry> entries(TableDef table, Map<String, AttributeValue> item) {
        List<IndexDef> indexes = table.indexes();
        if (indexes.isEmpty()) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>(indexes.size());
        for (IndexDef i : indexes) {
            String refused = refusal(table, i, item);
            if (refused != null) {
                throw DynamoDbErrors.invalidParameter(refused);
            }
            Entry e = entry(i, item);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** Why the item's value of some key attribute of the index cannot be in it (see below); null when none. */
    private static String refusal(TableDef table, IndexDef index, Map<String, AttributeValue> item) {
        for (String a : index.hashKeys()) {
            String refused = refusal(table, index, a, item.get(a), MAX_PARTITION_KEY_BYTES);
            if (refused != null) {
                return refused;
            }
        }
        for (String a : index.rangeKeys()) {
            String refused = refusal(table, index, a, item.get(a), MAX_SORT_KEY_BYTES);
            if (refused != null) {
                return refused;
            }
        }
        return null;
    }

    /**
     * Why the value of an index key attribute cannot be in the index, in DynamoDB's words (null when it can, or is
     * absent): a write with such a value is refused, and a GSI backfill leaves such an item out of the index.
     */
    private static String refusal(TableDef table, IndexDef index, String attribute, AttributeValue v, int maxBytes) {
        if (v == null) {
            return null;
        }
        String expected = table.attributeType(attribute);
        String actual = Values.typeName(v);
        if (!actual.equals(expected)) {
            return "Type mismatch for Index Key " + attribute + " Expected: " + expected + " Actual: " + actual
                    + " IndexName: " + index.name();
        }
        if ((v.s() != null && v.s().isEmpty()) || (v.b() != null && v.b().asByteArrayUnsafe().length == 0)) {
            return "One or more parameter values are not valid. A value specified for a secondary index key is not "
                    + "supported. The AttributeValue for a key attribute cannot contain an empty "
                    + (v.s() != null ? "string" : "binary") + " value. IndexName: " + index.name() + ", IndexKey: " + attribute;
        }
        int size = Values.size(v);
        if (size > maxBytes) {
            return "Size limit exceeded for Index Key " + attribute
                    + " Actual Size: " + size + " bytes Max Size: " + maxBytes + " bytes IndexName: " + index.name();
        }
        return null;
    }

    /** Replaces the entries of one item (after its write); old or new may be empty. */
    public void replace(TableDef table, byte[] pk, byte[] sk, boolean hadEntries, List<Entry> entries) {
        if (hadEntries) {
            jdbc.sql("delete from index_entry where table_id = ? and pk = ? and sk = ?").params(table.id(), pk, sk).update();
        }
        if (entries.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        for (Entry e : entries) {
            rows.add(new Object[] {table.id(), e.index(), e.ipk(), e.isk(), pk, sk});
        }
        template.batchUpdate("insert into index_entry (table_id, index_name, ipk, isk, pk, sk) values (?, ?, ?, ?, ?, ?)", rows);
    }

    /** Builds the entries of an index from all the table's items (a restored table), batch by batch. */
    public void backfill(TableDef table, IndexDef index) {
        byte[][] after = {KeyCodec.EMPTY, KeyCodec.EMPTY};
        while (after != null) {
            after = backfill(table, index, after[0], after[1], BACKFILL_BATCH, false);
        }
    }

    /**
     * Indexes the next batch of items after the given key; returns the key of the last one, or null when no items are
     * left. With {@code shareLock} the items read stay locked until the caller's transaction ends, so that a writer
     * changing one of them meanwhile replaces its entry after this one, never before.
     */
    public byte[][] backfill(TableDef table, IndexDef index, byte[] afterPk, byte[] afterSk, int limit, boolean shareLock) {
        List<Object[]> rows = new ArrayList<>();
        byte[][] last = {null, null};
        int[] read = {0};
        jdbc.sql("select pk, sk, data from item where table_id = ? and (pk, sk) > (?, ?) order by pk, sk limit ?"
                        + (shareLock ? " for share" : ""))
                .params(table.id(), afterPk, afterSk, limit).query(rs -> {
                    read[0]++;
                    last[0] = rs.getBytes("pk");
                    last[1] = rs.getBytes("sk");
                    Entry e = entry(table, index, ItemJson.read(rs.getString("data")));
                    if (e != null) {
                        rows.add(new Object[] {table.id(), index.name(), e.ipk(), e.isk(), last[0], last[1]});
                    }
                });
        if (!rows.isEmpty()) {
            template.batchUpdate("insert into index_entry (table_id, index_name, ipk, isk, pk, sk) values (?, ?, ?, ?, ?, ?) "
                    + "on conflict do nothing", rows);
        }
        return read[0] < limit ? null : last;
    }

    /**
     * The item's entry in one index; null when it lacks an index key attribute or has one that cannot be an index key
     * (see {@link #refusal}): such items written before the index existed stay out of it, as DynamoDB leaves them.
     */
    private static Entry entry(TableDef table, IndexDef index, Map<String, AttributeValue> item) {
        return refusal(table, index, item) != null ? null : entry(index, item);
    }

    /** The item's entry in the index (its key values encoded); null when it lacks one of the index's key attributes. */
    private static Entry entry(IndexDef index, Map<String, AttributeValue> item) {
        List<AttributeValue> hash = values(item, index.hashKeys());
        List<AttributeValue> range = values(item, index.rangeKeys());
        if (hash == null || range == null) {
            return null;
        }
        return new Entry(index.name(), KeyCodec.encodeAll(hash), range.isEmpty() ? KeyCodec.EMPTY : KeyCodec.encodeAll(range));
    }

    /** The item's values of the attributes, in their order; null when one is absent. */
    private static List<AttributeValue> values(Map<String, AttributeValue> item, List<String> attributes) {
        List<AttributeValue> out = new ArrayList<>(attributes.size());
        for (String a : attributes) {
            AttributeValue v = item.get(a);
            if (v == null) {
                return null;
            }
            out.add(v);
        }
        return out;
    }

    /** Schedules the backfill of a GSI that UpdateTable created (table.IndexBackfiller runs it). */
    public void scheduleBackfill(TableDef table, String index) {
        jdbc.sql("insert into index_backfill (table_id, index_name) values (?, ?) on conflict do nothing")
                .params(table.id(), index).update();
    }

    /** The size of an item collection (the items sharing a partition key value) on a table with local secondary indexes. */
    public long collectionSize(TableDef table, byte[] pk) {
        return jdbc.sql("select coalesce(sum(size), 0) from item where table_id = ? and pk = ?").params(table.id(), pk)
                .query(Long.class).single();
    }

    /**
     * ItemCollectionMetrics of a write, as DynamoDB returns them for tables with local secondary indexes when asked for
     * SIZE: the partition key, and the collection's size as a range of gigabytes.
     */
    public ItemCollectionMetrics collectionMetrics(TableDef table, ItemKey key, ReturnItemCollectionMetrics mode) {
        if (mode != ReturnItemCollectionMetrics.SIZE || !table.description().hasLocalSecondaryIndexes()
                || table.description().localSecondaryIndexes().isEmpty()) {
            return null;
        }
        double gb = Math.floor(collectionSize(table, key.pk()) / (double) (1L << 30));
        return ItemCollectionMetrics.builder().itemCollectionKey(Map.of(table.hashKey(), key.attributes().get(table.hashKey())))
                .sizeEstimateRangeGB(gb, gb + 1).build();
    }

    /**
     * Refuses a write that grows an item collection of a table with local secondary indexes past 10 GB
     * (ItemCollectionSizeLimitExceededException); called in the write's transaction, after the item is stored.
     */
    public void checkCollectionSize(TableDef table, byte[] pk, int growth) {
        if (growth <= 0 || !table.description().hasLocalSecondaryIndexes() || table.description().localSecondaryIndexes().isEmpty()) {
            return;
        }
        if (collectionSize(table, pk) > MAX_COLLECTION_BYTES) {
            throw new AwsException("ItemCollectionSizeLimitExceededException", 400, "Collection size exceeded.");
        }
    }

    public void drop(TableDef table, String index) {
        jdbc.sql("delete from index_backfill where table_id = ? and index_name = ?").params(table.id(), index).update();
        jdbc.sql("delete from index_entry where table_id = ? and index_name = ?").params(table.id(), index).update();
    }
}
