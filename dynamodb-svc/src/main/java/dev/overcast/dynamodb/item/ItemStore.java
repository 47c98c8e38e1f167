package dev.overcast.dynamodb.item;

import dev.overcast.dynamodb.table.TableDef;
import dev.overcast.dynamodb.table.TableStore;
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

    /** Serialises writers of one item until the end of the transaction (also when the item does not exist yet). */
    public void lock(TableDef table, ItemKey key) {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(key.lockId(table.id())).query((rs, i) -> 1).single();
    }

    public Map<String, AttributeValue> get(TableDef table, ItemKey key) {
        return jdbc.sql("select data from item where table_id = ? and pk = ? and sk = ?")
                .params(table.id(), key.pk(), key.sk())
                .query((rs, i) -> ItemJson.read(rs.getString(1))).optional().orElse(null);
    }

    /**
     * The item, read in one round trip with the check that the table is still the version given
     * ({@link TableStore#CURRENT}); throws {@link TableStore.Stale} when it is not.
     */
    public Map<String, AttributeValue> getCurrent(TableDef table, ItemKey key) {
        List<Optional<String>> rows = jdbc.sql("""
                select i.data from ddb_table t left join item i on i.table_id = t.id and i.pk = ? and i.sk = ?
                where""" + " " + TableStore.CURRENT)
                .params(key.pk(), key.sk(), table.id(), table.version())
                .query((rs, i) -> Optional.ofNullable(rs.getString(1))).list();
        if (rows.isEmpty()) {
            throw TableStore.Stale.INSTANCE;
        }
        return rows.get(0).map(ItemJson::read).orElse(null);
    }

    public void put(TableDef table, ItemKey key, Map<String, AttributeValue> item, int size) {
        jdbc.sql("""
                insert into item (table_id, pk, sk, size, data) values (?, ?, ?, ?, ?)
                on conflict (table_id, pk, sk) do update set size = excluded.size, data = excluded.data""")
                .params(table.id(), key.pk(), key.sk(), size, ItemJson.write(item)).update();
    }

    /** Locks the item (as {@link #lock}) and writes it, in one statement: an unconditional put. */
    public void lockAndPut(TableDef table, ItemKey key, Map<String, AttributeValue> item, int size) {
        jdbc.sql("""
                insert into item (table_id, pk, sk, size, data)
                select ?, ?, ?, ?, ? from (select pg_advisory_xact_lock(?)) l
                on conflict (table_id, pk, sk) do update set size = excluded.size, data = excluded.data""")
                .params(table.id(), key.pk(), key.sk(), size, ItemJson.write(item), key.lockId(table.id())).update();
    }

    /**
     * An unconditional put as one statement, committed on its own (no transaction around it: one round trip): locks
     * the item (as {@link #lock}), checks that the table is still the version given ({@link TableStore#CURRENT}) and
     * writes; throws {@link TableStore.Stale}, having written nothing, when the table changed.
     */
    public void putCurrent(TableDef table, ItemKey key, Map<String, AttributeValue> item, int size) {
        int written = jdbc.sql("""
                insert into item (table_id, pk, sk, size, data)
                select t.id, ?, ?, ?, ? from ddb_table t, (select pg_advisory_xact_lock(?)) l
                where""" + " " + TableStore.CURRENT + """
                 for key share of t
                on conflict (table_id, pk, sk) do update set size = excluded.size, data = excluded.data""")
                .params(key.pk(), key.sk(), size, ItemJson.write(item), key.lockId(table.id()), table.id(), table.version())
                .update();
        if (written == 0) {
            throw TableStore.Stale.INSTANCE;
        }
    }

    public void delete(TableDef table, ItemKey key) {
        jdbc.sql("delete from item where table_id = ? and pk = ? and sk = ?").params(table.id(), key.pk(), key.sk()).update();
    }
}
