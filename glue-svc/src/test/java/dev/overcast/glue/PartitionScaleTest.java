package dev.overcast.glue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.glue.partition.PartitionExpression;
import dev.overcast.glue.partition.PartitionStore;
import dev.overcast.glue.store.Scope;
import dev.overcast.glue.table.CatalogTable;
import dev.overcast.glue.table.TableStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.PartitionInput;

/**
 * GetPartitions over 10,000 partitions: the expression is answered from the partition value indexes (PostgreSQL's
 * plan shows index scans, no scan of all partition values), and the SDK gets exactly the matching partitions.
 */
class PartitionScaleTest {

    @Test
    void anExpressionOverTenThousandPartitionsIsServedByIndexes() {
        GlueClient glue = GlueTestService.client();
        String db = GlueTestService.name("scale");
        glue.createDatabase(b -> b.databaseInput(d -> d.name(db)));
        glue.createTable(b -> b.databaseName(db).tableInput(t -> t.name("big").partitionKeys(
                Column.builder().name("year").type("int").build(), Column.builder().name("country").type("string").build())));
        CatalogTable table = GlueTestService.bean(TableStore.class).require(new Scope("000000000000", "us-east-1"), db, "big");
        PartitionStore store = GlueTestService.bean(PartitionStore.class);
        // 10,000 partitions written in two statements (the store writes the same rows one partition at a time)
        JdbcTemplate jdbc = GlueTestService.bean(JdbcTemplate.class);
        jdbc.update("""
                insert into partitions (table_id, vals, doc, created_at, updated_at)
                select ?, array[y::text, 'c' || c], jsonb_build_object('Values', jsonb_build_array(y::text, 'c' || c)), now(), now()
                from generate_series(1925, 2024) y, generate_series(0, 99) c""", table.id());
        jdbc.update("""
                insert into partition_values (partition_id, table_id, key_index, str, num)
                select p.id, p.table_id, k - 1, p.vals[k], case when k = 1 then p.vals[k]::numeric end
                from partitions p, generate_series(1, 2) k where p.table_id = ?""", table.id());
        store.insert(table.id(), PartitionInput.builder().values("2030", "c7").build(), Instant.now());
        GlueTestService.bean(JdbcTemplate.class).execute("analyze partitions; analyze partition_values");

        String expression = "year >= 2020 AND country IN ('c7', 'c42')";
        List<String> plan = store.explain(table.id(), PartitionExpression.compile(expression, table.partitionKeys()));
        assertThat(String.join("\n", plan)).contains("partition_values_num").contains("partition_values_str")
                .doesNotContain("Seq Scan on partition_values");

        long started = System.nanoTime();
        int found = glue.getPartitions(b -> b.databaseName(db).tableName("big").expression(expression)).partitions().size();
        long micros = (System.nanoTime() - started) / 1000;
        assertThat(found).isEqualTo(11);
        // a figure for the closing note, not a check: the machine running the tests is shared
        System.out.println("GetPartitions over 10,001 partitions (" + expression + "): " + found + " partitions in "
                + micros + " µs; plan:\n" + String.join("\n", plan));
    }
}
