package dev.overcast.dynamodb.item;

import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.value.ItemKey;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How the writes of a replicated table (a global table's replica) reach its other replicas: {@link ItemWriter} calls it
 * in the transaction of every write of such a table; the global tables' package implements it.
 */
public interface Replication {

    /** The table and its replicas (whose items a write of a STRONG table locks, with its own). */
    java.util.List<TableDef> group(TableDef table);

    /** After the item changed (after: the new item, null when deleted), in the write's transaction. */
    void changed(TableDef table, ItemKey key, Map<String, AttributeValue> after);
}
