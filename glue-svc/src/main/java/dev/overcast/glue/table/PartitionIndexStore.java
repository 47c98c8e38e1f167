package dev.overcast.glue.table;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.glue.model.PartitionIndex;

/**
 * Partition indexes of a table, as Glue lists them. Every partition key value is indexed by the service in any case
 * (GetPartitions expressions are answered from indexes); a partition index is recorded with its keys and is ACTIVE once
 * created, its backfill being done at once.
 */
@Component
public class PartitionIndexStore {

    /** A stored index: name, keys, status (CREATING, ACTIVE, DELETING, FAILED). */
    public record Index(String name, List<String> keys, String status) {
    }

    private final JdbcClient jdbc;

    public PartitionIndexStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean insert(long tableId, PartitionIndex index, Instant now) {
        return jdbc.sql("""
                        insert into partition_indexes (table_id, name, keys, status, created_at)
                        values (:t, :n, :k, 'ACTIVE', :now) on conflict do nothing""")
                .param("t", tableId).param("n", index.indexName()).param("k", index.keys().toArray(String[]::new))
                .param("now", Timestamp.from(now)).update() == 1;
    }

    public List<Index> list(long tableId) {
        return jdbc.sql("select name, keys, status from partition_indexes where table_id = :t order by created_at, name")
                .param("t", tableId)
                .query((rs, i) -> new Index(rs.getString(1), Arrays.asList((String[]) rs.getArray(2).getArray()),
                        rs.getString(3))).list();
    }

    public boolean delete(long tableId, String name) {
        return jdbc.sql("delete from partition_indexes where table_id = :t and name = :n")
                .param("t", tableId).param("n", name).update() == 1;
    }
}
