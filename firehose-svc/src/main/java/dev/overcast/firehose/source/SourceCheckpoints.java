package dev.overcast.firehose.source;

import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A Kinesis source's position per shard in {@code firehose.source_checkpoint}: the last record taken into the buffer. */
@Repository
public class SourceCheckpoints {

    private final JdbcClient jdbc;

    public SourceCheckpoints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Shard id to the sequence number of the last record buffered from it. */
    public Map<String, String> of(long streamId) {
        Map<String, String> positions = new HashMap<>();
        jdbc.sql("select shard_id, sequence_number from source_checkpoint where stream_id = ?").param(streamId)
                .query(rs -> {
                    positions.put(rs.getString(1), rs.getString(2));
                });
        return positions;
    }

    /** Moves the shard's position on, in the transaction that buffers its records. */
    public void save(long streamId, String shardId, String sequenceNumber) {
        jdbc.sql("""
                        insert into source_checkpoint (stream_id, shard_id, sequence_number) values (?, ?, ?)
                        on conflict (stream_id, shard_id) do update set sequence_number = excluded.sequence_number""")
                .params(streamId, shardId, sequenceNumber).update();
    }
}
