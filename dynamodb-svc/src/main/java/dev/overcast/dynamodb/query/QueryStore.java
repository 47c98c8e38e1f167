package dev.overcast.dynamodb.query;

import dev.overcast.common.db.VersionedRowCache;
import dev.overcast.dynamodb.schema.IndexDef;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads items in key order: a Query is one range scan of the primary key (or of an index's entries), a Scan walks
 * the table (or index) in key order, optionally one hash segment of it.
 */
@Repository
public class QueryStore {

    /** One stored item as read, with the keys it is ordered by. */
    public record Row(byte[] pk, byte[] sk, byte[] ipk, byte[] isk, String data, int size) {
    }

    /** Where a page starts: after (or before, descending) this position. */
    public record Cursor(byte[] ipk, byte[] isk, byte[] pk, byte[] sk) {
    }

    /** The version of the table row (its first parameter: the table id), read once with the rows. */
    private static final String VERSION = "(select xmin::text::bigint from ddb_table where id = ?) as version";

    private final JdbcClient jdbc;

    public QueryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A page of a Query, read in one round trip with the check that the table is still the version given
     * ({@link TableStore#CURRENT}); throws {@link VersionedRowCache.Stale} when it is not.
     */
    List<Row> query(TableDef table, IndexDef index, byte[] hash, KeyRange range, boolean forward, Cursor after, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        String dir = forward ? "" : " desc";
        params.add(table.id());
        if (index == null) {
            sql.append("select pk, sk, null::bytea as ipk, null::bytea as isk, data, size, ").append(VERSION)
                    .append(" from item where table_id = ? and pk = ?");
            params.add(table.id());
            params.add(hash);
            bounds(sql, params, "sk", range);
            if (after != null) {
                sql.append(forward ? " and sk > ?" : " and sk < ?");
                params.add(after.sk());
            }
            sql.append(" order by sk").append(dir);
        } else {
            sql.append("select e.pk, e.sk, e.ipk, e.isk, i.data, i.size, ").append(VERSION).append("""
                     from index_entry e
                    join item i on i.table_id = e.table_id and i.pk = e.pk and i.sk = e.sk
                    where e.table_id = ? and e.index_name = ? and e.ipk = ?""");
            params.add(table.id());
            params.add(index.name());
            params.add(hash);
            bounds(sql, params, "e.isk", range);
            if (after != null) {
                sql.append(forward ? " and (e.isk, e.pk, e.sk) > (?, ?, ?)" : " and (e.isk, e.pk, e.sk) < (?, ?, ?)");
                params.add(after.isk());
                params.add(after.pk());
                params.add(after.sk());
            }
            sql.append(" order by e.isk").append(dir).append(", e.pk").append(dir).append(", e.sk").append(dir);
        }
        sql.append(" limit ?");
        params.add(limit);
        long version = table.version();
        List<Row> rows = jdbc.sql(sql.toString()).params(params).query((rs, i) -> {
            if (rs.getLong(7) != version || rs.wasNull()) {
                throw VersionedRowCache.Stale.INSTANCE;
            }
            return row(rs, i);
        }).list();
        if (rows.isEmpty() && jdbc.sql("select 1 from ddb_table t where " + TableStore.CURRENT)
                .params(table.id(), version).query(Integer.class).optional().isEmpty()) {
            throw VersionedRowCache.Stale.INSTANCE;
        }
        return rows;
    }

    List<Row> scan(TableDef table, IndexDef index, int segment, int totalSegments, Cursor after, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        String hashed = index == null ? "pk" : "e.ipk";
        if (index == null) {
            sql.append("select pk, sk, null::bytea as ipk, null::bytea as isk, data, size from item where table_id = ?");
            params.add(table.id());
            if (after != null) {
                sql.append(" and (pk, sk) > (?, ?)");
                params.add(after.pk());
                params.add(after.sk());
            }
        } else {
            sql.append("""
                    select e.pk, e.sk, e.ipk, e.isk, i.data, i.size from index_entry e
                    join item i on i.table_id = e.table_id and i.pk = e.pk and i.sk = e.sk
                    where e.table_id = ? and e.index_name = ?""");
            params.add(table.id());
            params.add(index.name());
            if (after != null) {
                sql.append(" and (e.ipk, e.isk, e.pk, e.sk) > (?, ?, ?, ?)");
                params.add(after.ipk());
                params.add(after.isk());
                params.add(after.pk());
                params.add(after.sk());
            }
        }
        if (totalSegments > 1) {
            sql.append(" and (hashtext(encode(").append(hashed).append(", 'hex'))::bigint & 2147483647) % ? = ?");
            params.add(totalSegments);
            params.add(segment);
        }
        sql.append(index == null ? " order by pk, sk" : " order by e.ipk, e.isk, e.pk, e.sk");
        sql.append(" limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(QueryStore::row).list();
    }

    private static void bounds(StringBuilder sql, List<Object> params, String column, KeyRange range) {
        if (range.low() != null) {
            sql.append(" and ").append(column).append(range.lowInclusive() ? " >= ?" : " > ?");
            params.add(range.low());
        }
        if (range.high() != null) {
            sql.append(" and ").append(column).append(range.highInclusive() ? " <= ?" : " < ?");
            params.add(range.high());
        }
    }

    private static Row row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new Row(rs.getBytes(1), rs.getBytes(2), rs.getBytes(3), rs.getBytes(4), rs.getString(5), rs.getInt(6));
    }
}
