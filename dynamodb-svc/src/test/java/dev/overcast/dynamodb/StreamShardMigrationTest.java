package dev.overcast.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Stream records written before shards existed end up on a first shard, under the shard id they were shown with. */
class StreamShardMigrationTest {

    @Test
    void existingStreamRecordsMoveOntoAFirstShard() {
        String schema = "ddb_migration_" + Long.toHexString(System.nanoTime());
        DriverManagerDataSource ds = new DriverManagerDataSource(TestDatabase.jdbcUrl(schema));
        Flyway.configure().dataSource(ds).schemas(schema).defaultSchema(schema)
                .locations("classpath:db/migration/dynamodb").target("6").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        String arn = "arn:aws:dynamodb:us-east-1:000000000000:table/old/stream/2026-01-02T03:04:05.678";
        for (String event : List.of("INSERT", "MODIFY", "REMOVE")) {
            jdbc.update("insert into " + schema + ".stream_record (stream_arn, event_name, keys, size_bytes, created_at) "
                    + "values (?, ?, '{\"pk\":{\"S\":\"a\"}}', 5, now())", arn, event);
        }

        Flyway.configure().dataSource(ds).schemas(schema).defaultSchema(schema)
                .locations("classpath:db/migration/dynamodb").load().migrate();

        Map<String, Object> shard = jdbc.queryForMap("select * from " + schema + ".stream_shard");
        assertThat(shard.get("shard_id")).isEqualTo("shardId-00000001-2026010203040"); // as the one shard was shown
        assertThat(shard.get("parent_shard_id")).isNull();
        assertThat(shard.get("closed_at")).isNull();
        assertThat(shard.get("records")).isEqualTo(3L);
        assertThat(jdbc.queryForList("select distinct shard_id from " + schema + ".stream_record", String.class))
                .containsExactly("shardId-00000001-2026010203040");
        assertThat(jdbc.queryForObject("select min(seq) from " + schema + ".stream_record", Long.class))
                .isEqualTo(shard.get("starting_seq"));
        jdbc.execute("drop schema " + schema + " cascade");
    }
}
