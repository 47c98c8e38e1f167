package dev.overcast.dynamodb.item;

import dev.overcast.common.db.VersionedRowCache;
import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.value.ItemJson;
import dev.overcast.dynamodb.value.ItemKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Items in {@code dynamodb.item}, one row per item keyed by its encoded primary key. */
@Repository
public class ItemStore {

    private final JdbcClient jdbc;

    public ItemStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /*
     * Two advisory locks per item, both held until the end of the database transaction. The item lock serialises the
     * writers of the item (also when it does not exist yet). The transaction lock tells transactions from other requests:
     * a TransactWriteItems holds it exclusively, a single write shared, a TransactGetItems shared; all take it with a
     * try-lock, so a request that meets a transaction in progress (or a transaction that meets any other write) fails
     * at once with a TransactionConflict instead of waiting; only single writes wait, for each other.
     */

    /**
     * True once a single write holds the item: its transaction lock shared (a try-lock: false when a transaction holds
     * it), then its item lock (waiting for other single writes). Parameters: the transaction lock id, the item lock id.
     */
    private static final String WRITE_LOCK = writeLock("?", "?");

    private static String writeLock(String transactionLock, String itemLock) {
        return "case when pg_try_advisory_xact_lock_shared(" + transactionLock + ") then pg_advisory_xact_lock("
                + itemLock + ")::text = '' else false end";
    }

    /** Locks the item for a single (non-transactional) write; throws TransactionConflictException when a transaction holds it. */
    public void lock(TableDef table, ItemKey key) {
        boolean locked = jdbc.sql("select " + WRITE_LOCK)
                .params(transactionLockId(table, key), key.lockId(table.id())).query(Boolean.class).single();
        if (!locked) {
            throw transactionConflict();
        }
    }

    /**
     * Serialises the writes of an item of a STRONG global table made in the item's own region (they wait for each
     * other here, and only here): every copy of the item is then tried ({@link #tryReplicatedLock}) without waiting.
     */
    public void lockOrigin(TableDef table, ItemKey key) {
        jdbc.sql("select pg_advisory_xact_lock(?)::text").param(key.lockId(table.id()) ^ 0x4F524947494E4C4BL)
                .query(String.class).single();
    }

    /**
     * Takes one copy of an item of a STRONG global table for a write (after {@link #lockOrigin}), without waiting:
     * TransactionConflictException when a transaction holds it, ReplicatedWriteConflictException when another write
     * does, which can only be one made in another region (writes of this region wait at the origin lock first).
     */
    public void tryReplicatedLock(TableDef table, ItemKey key) {
        int held = jdbc.sql("""
                select case when not pg_try_advisory_xact_lock_shared(?) then 1
                when not pg_try_advisory_xact_lock(?) then 2 else 0 end""")
                .params(transactionLockId(table, key), key.lockId(table.id())).query(Integer.class).single();
        if (held == 1) {
            throw transactionConflict();
        }
        if (held == 2) {
            throw new AwsException("ReplicatedWriteConflictException", 400,
                    "One or more items in this request are being modified by a request in another Region");
        }
    }

    /** An item to lock for a single write (see {@link #lockMany}). */
    public record Lock(TableDef table, ItemKey key) {
        long itemLock() {
            return key.lockId(table.id());
        }
    }

    /**
     * Locks several items for single writes (as {@link #lock} each) in one statement, in the one global order of their
     * item locks; the positions (in the list given) of those a transaction holds, which are not locked.
     */
    public java.util.Set<Integer> lockMany(List<Lock> locks) {
        Integer[] order = new Integer[locks.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> locks.get(i).itemLock()));
        Long[] transactionLocks = new Long[order.length];
        Long[] itemLocks = new Long[order.length];
        for (int i = 0; i < order.length; i++) {
            Lock l = locks.get(order[i]);
            transactionLocks[i] = transactionLockId(l.table(), l.key());
            itemLocks[i] = l.itemLock();
        }
        // the rows of unnest come in the arrays' order, and each row's locks are taken as the row is filtered
        java.util.Set<Integer> refused = new java.util.HashSet<>();
        jdbc.sql("select l.ord from unnest(?::bigint[], ?::bigint[]) with ordinality l(t, i, ord) where not ("
                        + writeLock("l.t", "l.i") + ")")
                .params(transactionLocks, itemLocks).query(Long.class).list()
                .forEach(ord -> refused.add(order[(int) (ord - 1)]));
        return refused;
    }

    /** Items to write in one statement: their table ids, keys, sizes and JSON texts, by position. */
    public record Rows(Long[] tableIds, byte[][] pks, byte[][] sks, Integer[] sizes, String[] data) {
    }

    /** Writes several items (no two with one key) in one statement. */
    public void putMany(Rows rows) {
        jdbc.sql("""
                insert into item (table_id, pk, sk, size, data)
                select * from unnest(?::bigint[], ?::bytea[], ?::bytea[], ?::integer[], ?::text[])
                on conflict (table_id, pk, sk) do update set size = excluded.size, data = excluded.data""")
                .params(rows.tableIds(), rows.pks(), rows.sks(), rows.sizes(), rows.data()).update();
    }

    /** Deletes several items in one statement. */
    public void deleteMany(Long[] tableIds, byte[][] pks, byte[][] sks) {
        // by the rows' ctids, each found by its primary key (see getMany): never a join the planner could turn into a scan
        jdbc.sql("""
                delete from item where ctid = any(array(
                    select i.ctid from unnest(?::bigint[], ?::bytea[], ?::bytea[]) d(table_id, pk, sk)
                    cross join lateral (select ctid from item where table_id = d.table_id and pk = d.pk and sk = d.sk limit 1) i))""")
                .params(tableIds, pks, sks).update();
    }

    /** Claims the item for a TransactWriteItems; false when another request is writing or transactionally reading it. */
    public boolean claimForTransaction(TableDef table, ItemKey key) {
        return jdbc.sql("select pg_try_advisory_xact_lock(?)").param(transactionLockId(table, key)).query(Boolean.class).single();
    }

    /** Claims the item for a TransactGetItems; false when any write of it is in progress. */
    public boolean claimForRead(TableDef table, ItemKey key) {
        return jdbc.sql("""
                select case when pg_try_advisory_xact_lock_shared(?) then pg_try_advisory_xact_lock_shared(?) else false end""")
                .params(transactionLockId(table, key), key.lockId(table.id())).query(Boolean.class).single();
    }

    /** The transaction lock of an item (see above). */
    public static long transactionLockId(TableDef table, ItemKey key) {
        return key.lockId(table.id()) ^ 0x5452414E53414354L;
    }

    public static AwsException transactionConflict() {
        return new AwsException("TransactionConflictException", 400, "Transaction is ongoing for the item");
    }

    /** An item as stored: its JSON text in the wire form ({@link ItemJson}) and its size by DynamoDB's rules. */
    public record Stored(String data, int size) {
    }

    /** An item found by {@link #getMany}: the index of its key, and the item as stored. */
    public record Found(int key, Stored item) {
    }

    /**
     * The items of the keys, as stored, in the keys' order (absent ones left out), read in one statement. An item is
     * read only while the sizes of the items before it add up to less than the budget: at most budget bytes and one
     * item come back.
     */
    public List<Found> getMany(TableDef table, List<ItemKey> keys, long budget) {
        byte[][] pks = keys.stream().map(ItemKey::pk).toArray(byte[][]::new);
        byte[][] sks = keys.stream().map(ItemKey::sk).toArray(byte[][]::new);
        // each key is looked up by the primary key (a lateral subquery that cannot be flattened into a join): planned
        // as a join, the statistics of a table still filling up (its items written since the last ANALYZE, which the
        // statistics put at one row) made PostgreSQL scan all the table's items on every call instead
        return jdbc.sql("""
                select ord, size, data from (
                    select k.ord, i.size, i.data, sum(i.size) over (order by k.ord) - i.size as before
                    from unnest(?::bytea[], ?::bytea[]) with ordinality k(pk, sk, ord)
                    cross join lateral (select size, data from item where table_id = ? and pk = k.pk and sk = k.sk limit 1) i) found
                where before < ? order by ord""")
                .params(pks, sks, table.id(), budget)
                .query((rs, i) -> new Found(rs.getInt(1) - 1, new Stored(rs.getString(3), rs.getInt(2)))).list();
    }

    public Map<String, AttributeValue> get(TableDef table, ItemKey key) {
        return jdbc.sql("select data from item where table_id = ? and pk = ? and sk = ?")
                .params(table.id(), key.pk(), key.sk())
                .query((rs, i) -> ItemJson.read(rs.getString(1))).optional().orElse(null);
    }

    /**
     * The item as stored, read in one round trip with the check that the table is still the version given
     * ({@link TableStore#CURRENT}); throws {@link VersionedRowCache.Stale} when it is not.
     */
    public Stored getCurrent(TableDef table, ItemKey key) {
        List<Optional<Stored>> rows = jdbc.sql("""
                select i.data, i.size from ddb_table t left join item i on i.table_id = t.id and i.pk = ? and i.sk = ?
                where""" + " " + TableStore.CURRENT)
                .params(key.pk(), key.sk(), table.id(), table.version())
                .query((rs, i) -> {
                    String data = rs.getString(1);
                    return data == null ? Optional.<Stored>empty() : Optional.of(new Stored(data, rs.getInt(2)));
                }).list();
        if (rows.isEmpty()) {
            throw VersionedRowCache.Stale.INSTANCE;
        }
        return rows.get(0).orElse(null);
    }

    public void put(TableDef table, ItemKey key, Map<String, AttributeValue> item, int size) {
        jdbc.sql("""
                insert into item (table_id, pk, sk, size, data) values (?, ?, ?, ?, ?)
                on conflict (table_id, pk, sk) do update set size = excluded.size, data = excluded.data""")
                .params(table.id(), key.pk(), key.sk(), size, ItemJson.write(item)).update();
    }

    /** Locks the item (as {@link #lock}) and writes it, in one statement: an unconditional put. */
    public void lockAndPut(TableDef table, ItemKey key, Map<String, AttributeValue> item, int size) {
        int written = jdbc.sql("""
                insert into item (table_id, pk, sk, size, data)
                select ?, ?, ?, ?, ? from (select""" + " " + WRITE_LOCK + """
                 as locked) l where l.locked
                on conflict (table_id, pk, sk) do update set size = excluded.size, data = excluded.data""")
                .params(table.id(), key.pk(), key.sk(), size, ItemJson.write(item), transactionLockId(table, key),
                        key.lockId(table.id())).update();
        if (written == 0) {
            throw transactionConflict();
        }
    }

    public void delete(TableDef table, ItemKey key) {
        jdbc.sql("delete from item where table_id = ? and pk = ? and sk = ?").params(table.id(), key.pk(), key.sk()).update();
    }
}
