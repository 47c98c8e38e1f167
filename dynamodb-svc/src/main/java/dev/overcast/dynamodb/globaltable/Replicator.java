package dev.overcast.dynamodb.globaltable;

import dev.overcast.common.db.JobLock;
import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.item.ItemStore;
import dev.overcast.dynamodb.item.ItemWriter;
import dev.overcast.dynamodb.item.Replication;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.value.ItemJson;
import dev.overcast.dynamodb.value.ItemKey;
import dev.overcast.dynamodb.value.Values;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Carries every write of a replica to the other replicas of its global table, last writer wins: each write stamps the
 * item with its time (the database's clock) and region ({@code replica_item_version}); a replica takes a change only
 * when it is newer than what it holds (ties broken by region name). STRONG tables write every replica in the write's
 * own transaction (each replica's item locked first, in one order, so that two writers never wait for each other in a
 * cycle): acknowledged means committed everywhere. EVENTUAL tables record the change per other replica
 * ({@code replica_change}) in the write's transaction, and this job applies those, in order, a moment later, each
 * with its index entries and stream record on the replica (streams on replicas carry replicated changes).
 */
@Component
public class Replicator implements Replication {

    private static final Logger log = LoggerFactory.getLogger(Replicator.class);
    private static final int BATCH = 500;

    /** Set while a replicated change is being applied: that write is not replicated again. */
    private static final ThreadLocal<Boolean> APPLYING = new ThreadLocal<>();

    private final TableStore tables;
    private final ItemStore items;
    private final ItemWriter writer;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JobLock lock;

    public Replicator(TableStore tables, ItemStore items, ItemWriter writer, JdbcClient jdbc, TransactionTemplate tx,
                      DataSource dataSource) {
        this.tables = tables;
        this.items = items;
        this.writer = writer;
        this.jdbc = jdbc;
        this.tx = tx;
        this.lock = new JobLock(dataSource);
    }

    private List<TableDef> others(TableDef t) {
        List<TableDef> out = new ArrayList<>();
        for (String region : GlobalTables.regions(t)) {
            if (!region.equals(t.region())) {
                tables.find(t.account(), region, t.name()).ifPresent(out::add);
            }
        }
        return out;
    }

    @Override
    public List<TableDef> group(TableDef table) {
        List<TableDef> all = new ArrayList<>(others(table));
        all.add(table);
        return all;
    }

    @Override
    public void changed(TableDef table, ItemKey key, Map<String, AttributeValue> after) {
        if (Boolean.TRUE.equals(APPLYING.get())) {
            return;
        }
        Timestamp at = jdbc.sql("""
                insert into replica_item_version (table_id, pk, sk, written_at, region) values (?, ?, ?, clock_timestamp(), ?)
                on conflict (table_id, pk, sk) do update set written_at = excluded.written_at, region = excluded.region
                returning written_at""")
                .params(table.id(), key.pk(), key.sk(), table.region()).query(Timestamp.class).single();
        String data = after == null ? null : ItemJson.write(after);
        for (TableDef replica : others(table)) {
            if (table.stronglyReplicated()) {
                apply(replica, key.pk(), key.sk(), after, at, table.region());
            } else {
                jdbc.sql("""
                        insert into replica_change (account_id, name, source_region, target_region, pk, sk, data, written_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(table.account(), table.name(), table.region(), replica.region(), key.pk(), key.sk(), data, at)
                        .update();
            }
        }
    }

    /**
     * Applies a change to a replica if it is newer than the replica's item (in the caller's transaction, the item
     * locked): writes it with its index entries and stream record, and stamps it.
     */
    private void apply(TableDef replica, byte[] pk, byte[] sk, Map<String, AttributeValue> after, Timestamp at, String region) {
        // the item locked first (a lock depends on the encoded key only), so that what is compared is what the writers
        // of the item committed before
        items.lock(replica, new ItemKey(Map.of(), pk, sk));
        boolean newer = jdbc.sql("""
                select not exists (select 1 from replica_item_version where table_id = ? and pk = ? and sk = ?
                and (written_at, region) >= (?, ?))""")
                .params(replica.id(), pk, sk, at, region).query(Boolean.class).single();
        if (!newer) {
            return;
        }
        Map<String, AttributeValue> current = jdbc.sql("select data from item where table_id = ? and pk = ? and sk = ?")
                .params(replica.id(), pk, sk).query((rs, i) -> ItemJson.read(rs.getString(1))).optional().orElse(null);
        if (after != null || current != null) {
            ItemKey key = ItemKey.fromItem(replica, after != null ? after : current);
            ItemWriter.Write w = after == null ? new ItemWriter.Delete(replica, key, null)
                    : new ItemWriter.Put(replica, key, after, Values.itemSize(after), null);
            APPLYING.set(true);
            try {
                writer.store(w, current, after);
            } finally {
                APPLYING.remove();
            }
        }
        jdbc.sql("""
                insert into replica_item_version (table_id, pk, sk, written_at, region) values (?, ?, ?, ?, ?)
                on conflict (table_id, pk, sk) do update set written_at = excluded.written_at, region = excluded.region""")
                .params(replica.id(), pk, sk, at, region).update();
    }

    private record Change(long seq, String account, String name, String source, String target, byte[] pk, byte[] sk,
                          String data, Timestamp at) {
    }

    /** Applies the recorded changes of EVENTUAL global tables to their other replicas, oldest first. */
    @Scheduled(fixedDelayString = "${overcast.dynamodb.replication-interval:200ms}", initialDelayString = "${overcast.dynamodb.replication-interval:200ms}")
    public void replicate() {
        try {
            lock.runExclusively("dynamodb.replication", () -> {
                List<Change> changes;
                do {
                    changes = jdbc.sql("""
                            select seq, account_id, name, source_region, target_region, pk, sk, data, written_at
                            from replica_change order by seq limit ?""").param(BATCH)
                            .query((rs, i) -> new Change(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), rs.getBytes(6), rs.getBytes(7), rs.getString(8), rs.getTimestamp(9)))
                            .list();
                    for (Change c : changes) {
                        if (!applyChange(c)) {
                            return; // the item is held by a transaction: the next round goes on from here
                        }
                    }
                } while (changes.size() == BATCH);
            });
        } catch (RuntimeException e) {
            log.warn("replicating global tables' changes failed", e);
        }
    }

    private boolean applyChange(Change c) {
        try {
            tx.executeWithoutResult(s -> {
                TableDef replica = tables.find(c.account(), c.target(), c.name()).orElse(null);
                if (replica != null && replica.replicated()) {
                    apply(replica, c.pk(), c.sk(), c.data() == null ? null : ItemJson.read(c.data()), c.at(), c.source());
                }
                jdbc.sql("delete from replica_change where seq = ?").param(c.seq()).update();
            });
            return true;
        } catch (AwsException e) {
            return false;
        }
    }
}
