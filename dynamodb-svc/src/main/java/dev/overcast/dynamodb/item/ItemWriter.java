package dev.overcast.dynamodb.item;

import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.backup.ItemHistory;
import dev.overcast.dynamodb.expression.Evaluator;
import dev.overcast.dynamodb.expression.Expr;
import dev.overcast.dynamodb.expression.UpdateApplier;
import dev.overcast.dynamodb.index.IndexStore;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.stream.StreamWriter;
import dev.overcast.dynamodb.value.ItemKey;
import dev.overcast.dynamodb.value.Values;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one write path for items: lock the item, read it, check the condition, compute the new item, write it with its
 * index entries and stream record. Runs inside the caller's transaction (a single write or a TransactWriteItems).
 */
@Component
public class ItemWriter {

    /** What to do to one item. */
    public sealed interface Write {
        TableDef table();

        ItemKey key();

        Expr condition();
    }

    /** A put, prepared once: the item normalised, its key and its size (within DynamoDB's limit) taken from it. */
    public record Put(TableDef table, ItemKey key, Map<String, AttributeValue> item, int size, Expr condition) implements Write {

        /** The put of a PutItem, a batch's PutRequest or a transaction's Put. */
        public static Put of(TableDef table, Map<String, AttributeValue> item, Expr condition) {
            if (item == null) {
                throw DynamoDbErrors.constraint(null, "item", "Member must not be null");
            }
            Map<String, AttributeValue> normalised = Values.normaliseItem(item);
            ItemKey key = ItemKey.fromItem(table, normalised);
            return new Put(table, key, normalised, checkSize(normalised), condition);
        }

        /** The same put on the table as read now (keyed again if the name is another table's by now). */
        public Put on(TableDef current) {
            return new Put(current, current.id() == table.id() ? key : ItemKey.fromItem(current, item), item, size, condition);
        }
    }

    public record Update(TableDef table, ItemKey key, Expr.Update update, Expr condition) implements Write {

        /** Whether the update only takes attributes away (REMOVE, DELETE from a set): it creates no item. */
        boolean onlyRemoves() {
            return update != null && update.actions().stream()
                    .allMatch(a -> a.clause().equals("REMOVE") || a.clause().equals("DELETE"));
        }

        /** DynamoDB refuses an update of a key attribute. */
        public static void checkKeyUpdates(TableDef table, Expr.Update update) {
            for (Expr.UpdateAction a : update.actions()) {
                if (table.isKey(a.path().head())) {
                    throw DynamoDbErrors.invalidParameter("Cannot update attribute " + a.path().head()
                            + ". This attribute is part of the key");
                }
            }
        }
    }

    public record Delete(TableDef table, ItemKey key, Expr condition) implements Write {
    }

    public record Check(TableDef table, ItemKey key, Expr condition) implements Write {
    }

    /** The item before and after (null when absent). */
    public record Result(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
    }

    /** The condition did not hold; carries the item as it was. */
    public static final class ConditionFailed extends RuntimeException {
        private final transient Map<String, AttributeValue> item;

        ConditionFailed(Map<String, AttributeValue> item) {
            super("The conditional request failed", null, false, false);
            this.item = item;
        }

        public Map<String, AttributeValue> item() {
            return item;
        }
    }

    private final ItemStore items;
    private final IndexStore indexes;
    private final StreamWriter streams;
    private final ItemHistory history;
    private final org.springframework.beans.factory.ObjectProvider<Replication> replication;

    public ItemWriter(ItemStore items, IndexStore indexes, StreamWriter streams, ItemHistory history,
                      org.springframework.beans.factory.ObjectProvider<Replication> replication) {
        this.items = items;
        this.indexes = indexes;
        this.streams = streams;
        this.history = history;
        this.replication = replication;
    }

    /**
     * Locks every item of a multi-item write (in one global order, so that two such writes never wait for each
     * other in a cycle), then the streams of their tables. The items of STRONG global tables are taken as
     * {@link #prepare} takes them: their origin locks first, then every replica's copy without waiting.
     */
    public void lockAll(java.util.List<? extends Write> writes) {
        writes.stream().filter(w -> w.table().stronglyReplicated())
                .sorted(java.util.Comparator.comparingLong(w -> w.key().lockId(w.table().id())))
                .forEach(w -> items.lockOrigin(w.table(), w.key()));
        List<Map.Entry<TableDef, ItemKey>> locks = new java.util.ArrayList<>();
        for (Write w : writes) {
            for (TableDef t : lockedTables(w.table())) {
                locks.add(Map.entry(t, w.key()));
            }
        }
        lockInOrder(locks);
        streams.lockStreams(writes.stream().map(Write::table).toList());
    }

    /**
     * The tables whose copy of an item a write locks: its own, and for a STRONG global table every replica's (the
     * replicas' keys encode as the table's).
     */
    private List<TableDef> lockedTables(TableDef t) {
        return t.stronglyReplicated() ? replication.getObject().group(t) : List.of(t);
    }

    /**
     * Locks items in the one global order of their lock ids, so that no two writers wait for each other in a cycle;
     * the copies of STRONG global tables' items without waiting (their origin locks are held).
     */
    private void lockInOrder(List<Map.Entry<TableDef, ItemKey>> locks) {
        locks.stream().sorted(java.util.Comparator.comparingLong(e -> e.getValue().lockId(e.getKey().id())))
                .forEach(e -> {
                    if (e.getKey().stronglyReplicated()) {
                        items.tryReplicatedLock(e.getKey(), e.getValue());
                    } else {
                        items.lock(e.getKey(), e.getValue());
                    }
                });
    }

    /**
     * Claims every item of a TransactWriteItems against other requests (see {@link ItemStore}): the positions of the
     * items another request is writing or transactionally reading, empty when the transaction may go ahead.
     */
    public java.util.Set<Integer> claimForTransaction(List<? extends Write> writes) {
        java.util.Set<Integer> conflicts = new java.util.TreeSet<>();
        for (int i = 0; i < writes.size(); i++) {
            if (!items.claimForTransaction(writes.get(i).table(), writes.get(i).key())) {
                conflicts.add(i);
            }
        }
        return conflicts;
    }

    /**
     * Locks and reads the item, and checks the write's condition. On a STRONG global table the writes of the item made
     * in this region wait for each other, and every replica's copy is then taken without waiting: a write from another
     * region not yet committed holds one, and this write is refused with ReplicatedWriteConflictException, as
     * DynamoDB refuses it.
     */
    public Map<String, AttributeValue> prepare(Write w) {
        if (w.table().stronglyReplicated()) {
            items.lockOrigin(w.table(), w.key());
            lockInOrder(lockedTables(w.table()).stream().map(t -> Map.entry(t, w.key())).toList());
        }
        items.lock(w.table(), w.key());
        Map<String, AttributeValue> before = items.get(w.table(), w.key());
        if (w.condition() != null && !Evaluator.matches(w.condition(), before == null ? Map.of() : before)) {
            throw new ConditionFailed(before);
        }
        return before;
    }

    /** The new item a write produces from the current one (validated), or null for a delete. */
    public Map<String, AttributeValue> compute(Write w, Map<String, AttributeValue> before) {
        return switch (w) {
            case Put p -> p.item();
            case Update u -> {
                if (before == null && u.onlyRemoves()) {
                    yield null; // nothing to remove from an item that does not exist: DynamoDB creates none
                }
                // an item being created holds its key: the update's operands see the key attributes
                Map<String, AttributeValue> current = before == null ? u.key().attributes() : before;
                Map<String, AttributeValue> after = u.update() == null ? new java.util.LinkedHashMap<>(current)
                        : UpdateApplier.apply(u.update(), current);
                after.putAll(u.key().attributes());
                checkSize(after);
                yield after;
            }
            case Delete d -> null;
            case Check c -> before;
        };
    }

    public static int checkSize(Map<String, AttributeValue> item) {
        int size = Values.itemSize(item);
        if (size > Values.MAX_ITEM_SIZE) {
            throw DynamoDbErrors.validation("Item size has exceeded the maximum allowed size");
        }
        return size;
    }

    /**
     * Performs the write; when nothing needs the previous item (an unconditional put the caller does not want the
     * old item of, on a {@link #plain} table) it is a single upsert.
     */
    public Result write(Write w, boolean needBefore) {
        if (!needBefore && w instanceof Put p && p.condition() == null && plain(p.table())) {
            items.lockAndPut(p.table(), p.key(), p.item(), p.size());
            return new Result(null, p.item());
        }
        return write(w);
    }

    /**
     * A table without indexes, stream or Kinesis streaming destination: writing an item there is writing its row and
     * nothing else.
     */
    public static boolean plain(TableDef t) {
        return deferrable(t) && !StreamWriter.recordsChanges(t);
    }

    /**
     * A table without indexes, point-in-time recovery or replicas: writing an item there is writing its row and, when
     * the table records changes, its change ({@link StreamWriter#record}, or for a group {@link StreamWriter#recordAll}),
     * and nothing else; such writes can be made together once they have all been checked.
     */
    public static boolean deferrable(TableDef t) {
        return t.indexes().isEmpty() && !t.pitr() && !t.replicated();
    }

    /** Performs the write: prepare, compute, store. */
    public Result write(Write w) {
        Map<String, AttributeValue> before = prepare(w);
        Map<String, AttributeValue> after = compute(w, before);
        store(w, before, after);
        return new Result(before, after);
    }

    public void store(Write w, Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        store(w, before, after, null);
    }

    /**
     * Deletes the item when its TTL attribute (epoch seconds) has passed, as the TTL sweeper does: the stream record
     * names the service as the principal. False when the item is gone or no longer expired.
     */
    public boolean expire(TableDef table, ItemKey key, String ttlAttribute, long nowSeconds) {
        try {
            items.lock(table, key);
        } catch (dev.overcast.common.error.AwsException e) {
            return false; // a transaction is writing the item: the next sweep deletes it if it is still expired
        }
        Map<String, AttributeValue> before = items.get(table, key);
        if (before == null || !expired(before.get(ttlAttribute), nowSeconds)) {
            return false;
        }
        store(new Delete(table, key, null), before, null, "dynamodb.amazonaws.com");
        return true;
    }

    /** A TTL value is a Number of epoch seconds in the past, but not more than five years in the past. */
    public static boolean expired(AttributeValue ttl, long nowSeconds) {
        if (ttl == null || ttl.n() == null) {
            return false;
        }
        java.math.BigDecimal v = new java.math.BigDecimal(ttl.n());
        return v.compareTo(java.math.BigDecimal.valueOf(nowSeconds)) <= 0
                && v.compareTo(java.math.BigDecimal.valueOf(nowSeconds - 5L * 366 * 24 * 3600)) > 0;
    }

    private void store(Write w, Map<String, AttributeValue> before, Map<String, AttributeValue> after, String principal) {
        if (w instanceof Check) {
            return;
        }
        TableDef t = w.table();
        List<IndexStore.Entry> entries = after == null ? List.of() : IndexStore.entries(t, after);
        boolean indexed = !t.indexes().isEmpty();
        if (after == null) {
            if (before == null) {
                return;
            }
            items.delete(t, w.key());
        } else {
            items.put(t, w.key(), after, Values.itemSize(after));
        }
        if (indexed) {
            indexes.replace(t, w.key().pk(), w.key().sk(), before != null, entries);
            if (after != null) {
                indexes.checkCollectionSize(t, w.key().pk(), Values.itemSize(after) - (before == null ? 0 : Values.itemSize(before)));
            }
        }
        streams.record(t, w.key(), before, after, principal);
        if (t.pitr()) {
            history.record(t, w.key(), before);
        }
        if (t.replicated()) {
            replication.getObject().changed(t, w.key(), after);
        }
    }
}
