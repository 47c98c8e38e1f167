package dev.overcast.glue.partition;

import dev.overcast.common.protocol.json.ModelJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.glue.model.PartitionInput;

/**
 * Partitions, the catalog's hot path at scale: a row per partition and a row per partition key value
 * ({@code partition_values}, indexed by table, key and value as text and as number) that GetPartitions'
 * expressions are answered from.
 */
@Component
public class PartitionStore {

    private final JdbcClient jdbc;

    public PartitionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a partition with its key values; false when the table has one with those values. */
    public boolean insert(long tableId, PartitionInput input, Instant now) {
        Long id = jdbc.sql("""
                        insert into partitions (table_id, vals, doc, created_at, updated_at)
                        values (:t, :vals, cast(:doc as jsonb), :now, :now) on conflict do nothing returning id""")
                .param("t", tableId).param("vals", input.values().toArray(String[]::new))
                .param("doc", ModelJson.write(input)).param("now", Timestamp.from(now))
                .query(Long.class).optional().orElse(null);
        if (id == null) {
            return false;
        }
        insertValues(id, tableId, input.values());
        return true;
    }

    /** The key values of a partition, one statement; a value that reads as a number is also kept as one. */
    private void insertValues(long partitionId, long tableId, List<String> values) {
        jdbc.sql("""
                        insert into partition_values (partition_id, table_id, key_index, str, num)
                        select :p, :t, u.k - 1, u.v,
                               case when u.v ~ '^\\s*-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?\\s*$' then trim(u.v)::numeric end
                        from unnest(cast(:vals as text[])) with ordinality as u(v, k)""")
                .param("p", partitionId).param("t", tableId).param("vals", values.toArray(String[]::new)).update();
    }

    public Optional<CatalogPartition> find(long tableId, List<String> values) {
        return jdbc.sql("select id, vals, doc::text, created_at from partitions where table_id = :t and vals = cast(:vals as text[])")
                .param("t", tableId).param("vals", values.toArray(String[]::new))
                .query((rs, i) -> row(rs)).optional();
    }

    /** Replaces a partition (its values may change); false when there is none with {@code values}. */
    public boolean update(long tableId, List<String> values, PartitionInput input, Instant now) {
        Optional<CatalogPartition> old = find(tableId, values);
        if (old.isEmpty()) {
            return false;
        }
        long id = old.get().id();
        jdbc.sql("update partitions set vals = :vals, doc = cast(:doc as jsonb), updated_at = :now where id = :id")
                .param("vals", input.values().toArray(String[]::new)).param("doc", ModelJson.write(input))
                .param("now", Timestamp.from(now)).param("id", id).update();
        if (!input.values().equals(values)) {
            jdbc.sql("delete from partition_values where partition_id = :id").param("id", id).update();
            insertValues(id, tableId, input.values());
        }
        return true;
    }

    public boolean delete(long tableId, List<String> values) {
        return jdbc.sql("delete from partitions where table_id = :t and vals = cast(:vals as text[])")
                .param("t", tableId).param("vals", values.toArray(String[]::new)).update() == 1;
    }

    /**
     * A page of a table's partitions by id after {@code afterId}: those the compiled expression selects (all without
     * one), in segment {@code segment} of {@code totalSegments}.
     */
    public List<CatalogPartition> page(long tableId, PartitionExpression.Sql where, long afterId, int segment,
                                       int totalSegments, int limit) {
        Map<String, Object> params = new HashMap<>(where == null ? Map.of() : where.params());
        params.put("table", tableId);
        params.put("after", afterId);
        params.put("limit", limit);
        params.put("seg", segment);
        params.put("segs", totalSegments);
        String sql = "select p.id, p.vals, p.doc::text, p.created_at from partitions p where p.table_id = :table"
                + " and p.id > :after and mod(p.id, :segs) = :seg" + (where == null ? "" : " and " + where.where())
                + " order by p.id limit :limit";
        return jdbc.sql(sql).params(params).query((rs, i) -> row(rs)).list();
    }

    /** The plan PostgreSQL makes for a GetPartitions query (the bench and the tests show it uses the indexes). */
    public List<String> explain(long tableId, PartitionExpression.Sql where) {
        Map<String, Object> params = new HashMap<>(where.params());
        params.put("table", tableId);
        return jdbc.sql("explain select p.id from partitions p where p.table_id = :table and " + where.where())
                .params(params).query((rs, i) -> rs.getString(1)).list();
    }

    private static CatalogPartition row(ResultSet rs) throws SQLException {
        return new CatalogPartition(rs.getLong(1), Arrays.asList((String[]) rs.getArray(2).getArray()),
                ModelJson.read(rs.getString(3), PartitionInput.class), rs.getTimestamp(4).toInstant());
    }
}
