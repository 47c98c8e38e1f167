package dev.overcast.dynamodb.backup;

import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.value.ItemJson;
import dev.overcast.dynamodb.value.ItemKey;
import dev.overcast.dynamodb.value.Values;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The change history that point-in-time recovery restores from ({@code dynamodb.item_history}): for every item change
 * on a table with PITR enabled, the item as it was before, written in the transaction of the change and stamped with
 * that transaction's start time (so a TransactWriteItems restores all or nothing). The table as of T is, per key, the
 * before-image of the first change after T, or the current item when nothing changed after T: only rows newer than T
 * are ever read, so rows older than the recovery window are pruned without losing anything restorable.
 */
@Repository
public class ItemHistory {

    private static final Logger log = LoggerFactory.getLogger(ItemHistory.class);

    private final JdbcClient jdbc;
    private final javax.sql.DataSource dataSource;

    public ItemHistory(JdbcClient jdbc, javax.sql.DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /** Records the item as it was before a change (null: it did not exist); in the caller's transaction. */
    public void record(TableDef table, ItemKey key, Map<String, AttributeValue> before) {
        jdbc.sql("insert into item_history (table_id, pk, sk, changed_at, size, data) values (?, ?, ?, now(), ?, ?)")
                .params(table.id(), key.pk(), key.sk(), before == null ? null : Values.itemSize(before),
                        before == null ? null : ItemJson.write(before))
                .update();
    }

    /** Writes the items the source table had at the given time into the target table, in one statement (one snapshot). */
    public long restore(long sourceId, long targetId, Instant at) {
        Timestamp t = Timestamp.from(at);
        return jdbc.sql("""
                insert into item (table_id, pk, sk, size, data)
                select ?, i.pk, i.sk, i.size, i.data from item i where i.table_id = ? and not exists (
                    select 1 from item_history h where h.table_id = i.table_id and h.pk = i.pk and h.sk = i.sk and h.changed_at > ?)
                union all
                select ?, h.pk, h.sk, h.size, h.data from (
                    select distinct on (pk, sk) pk, sk, size, data from item_history
                    where table_id = ? and changed_at > ? order by pk, sk, seq) h
                where h.data is not null""")
                .params(targetId, sourceId, t, targetId, sourceId, t).update();
    }

    /** A change of an item between two times, for an incremental export: the item before and after (null: absent). */
    public record Change(Instant writtenAt, String oldImage, String newImage) {
    }

    /** The same snapshot as {@link #restore}, read in key order a row at a time: each item as stored. */
    public void snapshot(long tableId, Instant at, java.util.function.Consumer<String> each) {
        Timestamp t = Timestamp.from(at);
        streaming().query("""
                select i.data from item i where i.table_id = ? and not exists (
                    select 1 from item_history h where h.table_id = i.table_id and h.pk = i.pk and h.sk = i.sk and h.changed_at > ?)
                union all
                select h.data from (
                    select distinct on (pk, sk) pk, sk, data from item_history
                    where table_id = ? and changed_at > ? order by pk, sk, seq) h
                where h.data is not null""",
                rs -> {
                    each.accept(rs.getString(1));
                }, tableId, t, tableId, t);
    }

    /**
     * The items changed from {@code from} (inclusive) to {@code to} (exclusive), each once: as it was at {@code from} and at {@code to},
     * and when it was last written in between; read a row at a time.
     */
    public void changes(long tableId, Instant from, Instant to, java.util.function.Consumer<Change> each) {
        Timestamp f = Timestamp.from(from);
        Timestamp t = Timestamp.from(to);
        streaming().query("""
                select c.written_at, old.data as old_image, case when nxt.seq is not null then nxt.data else cur.data end as new_image
                from (select pk, sk, max(changed_at) as written_at from item_history
                      where table_id = ? and changed_at >= ? and changed_at < ? group by pk, sk) c
                left join lateral (select data from item_history h where h.table_id = ? and h.pk = c.pk and h.sk = c.sk
                                   and h.changed_at >= ? order by seq limit 1) old on true
                left join lateral (select seq, data from item_history h where h.table_id = ? and h.pk = c.pk and h.sk = c.sk
                                   and h.changed_at >= ? order by seq limit 1) nxt on true
                left join item cur on cur.table_id = ? and cur.pk = c.pk and cur.sk = c.sk
                order by c.pk, c.sk""",
                rs -> {
                    each.accept(new Change(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3)));
                }, tableId, f, t, tableId, f, tableId, t, tableId);
    }

    /** A template that reads rows in batches (a cursor: the caller runs it in a transaction). */
    private org.springframework.jdbc.core.JdbcTemplate streaming() {
        org.springframework.jdbc.core.JdbcTemplate template = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        template.setFetchSize(1000);
        return template;
    }

    /** Drops a table's history (point-in-time recovery was disabled). */
    public void forget(long tableId) {
        jdbc.sql("delete from item_history where table_id = ?").param(tableId).update();
    }

    /** Removes history older than each table's recovery window, and the history of tables without PITR. */
    @Scheduled(fixedDelayString = "${overcast.dynamodb.pitr-prune-interval:10m}", initialDelayString = "${overcast.dynamodb.pitr-prune-interval:10m}")
    public void prune() {
        try {
            jdbc.sql("""
                    delete from item_history h using ddb_table t where h.table_id = t.id
                    and (t.pitr_enabled_at is null or h.changed_at < now() - make_interval(days => t.pitr_recovery_days))""")
                    .update();
        } catch (RuntimeException e) {
            log.warn("pruning the point-in-time recovery history failed", e);
        }
    }
}
