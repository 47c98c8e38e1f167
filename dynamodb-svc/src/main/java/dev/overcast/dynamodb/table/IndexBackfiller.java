package dev.overcast.dynamodb.table;

import dev.overcast.dynamodb.index.IndexStore;
import dev.overcast.dynamodb.schema.IndexDef;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The backfill phase of a GSI that UpdateTable created: while the index is CREATING with Backfilling=true, its entries
 * for the items that existed before are written in key order, a batch per transaction (new writes maintain their
 * entries themselves); then the index becomes ACTIVE. Progress is stored, so a restart resumes, and a replica claims a
 * backfill with SKIP LOCKED, so replicas share the work.
 */
@Component
public class IndexBackfiller {

    private static final Logger log = LoggerFactory.getLogger(IndexBackfiller.class);

    private record Pending(long tableId, String index) {
    }

    private final TableStore tables;
    private final IndexStore indexes;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public IndexBackfiller(TableStore tables, IndexStore indexes, JdbcClient jdbc, TransactionTemplate tx) {
        this.tables = tables;
        this.indexes = indexes;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Scheduled(fixedDelayString = "${overcast.dynamodb.backfill-interval:1s}", initialDelayString = "${overcast.dynamodb.backfill-interval:1s}")
    public void run() {
        try {
            List<Pending> pending = jdbc.sql("select table_id, index_name from index_backfill")
                    .query((rs, i) -> new Pending(rs.getLong(1), rs.getString(2))).list();
            for (Pending p : pending) {
                while (Boolean.TRUE.equals(tx.execute(s -> step(p)))) {
                    // next batch
                }
                tx.executeWithoutResult(s -> finish(p));
            }
        } catch (RuntimeException e) {
            log.warn("GSI backfill failed (retried on the next run)", e);
        }
    }

    /** Indexes one batch; true while items are left. */
    private boolean step(Pending p) {
        Optional<byte[][]> cursor = jdbc.sql("""
                select after_pk, after_sk from index_backfill where table_id = ? and index_name = ? for update skip locked""")
                .params(p.tableId(), p.index()).query((rs, i) -> new byte[][] {rs.getBytes(1), rs.getBytes(2)}).optional();
        if (cursor.isEmpty()) {
            return false;
        }
        Optional<TableDef> table = tables.findById(p.tableId());
        IndexDef index = table.map(t -> t.index(p.index())).orElse(null);
        if (index == null) {
            return false; // the index was deleted meanwhile: finish() forgets the backfill
        }
        byte[][] last = indexes.backfill(table.get(), index, cursor.get()[0], cursor.get()[1], IndexStore.BACKFILL_BATCH, true);
        if (last == null) {
            return false;
        }
        jdbc.sql("update index_backfill set after_pk = ?, after_sk = ? where table_id = ? and index_name = ?")
                .params(last[0], last[1], p.tableId(), p.index()).update();
        return true;
    }

    /**
     * Ends a backfill under the table's lock (the order UpdateTable takes its locks in): indexes what is left, forgets the
     * backfill and shows the index ACTIVE.
     */
    private void finish(Pending p) {
        Optional<TableDef> locked = tables.lock(p.tableId());
        Optional<byte[][]> cursor = jdbc.sql("""
                select after_pk, after_sk from index_backfill where table_id = ? and index_name = ? for update""")
                .params(p.tableId(), p.index()).query((rs, i) -> new byte[][] {rs.getBytes(1), rs.getBytes(2)}).optional();
        if (locked.isEmpty() || cursor.isEmpty()) {
            return;
        }
        TableDef t = locked.get();
        IndexDef index = t.index(p.index());
        jdbc.sql("delete from index_backfill where table_id = ? and index_name = ?").params(p.tableId(), p.index()).update();
        if (index == null) {
            return;
        }
        byte[][] after = cursor.get();
        while (after != null) {
            after = indexes.backfill(t, index, after[0], after[1], IndexStore.BACKFILL_BATCH, true);
        }
        TableDescription d = t.description();
        tables.update(t.id(), d.toBuilder().globalSecondaryIndexes(d.globalSecondaryIndexes().stream()
                .map(g -> g.indexName().equals(p.index()) ? g.toBuilder().indexStatus(IndexStatus.ACTIVE).backfilling((Boolean) null).build() : g)
                .toList()).build(), t.readyAt());
    }
}
