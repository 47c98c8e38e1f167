package dev.overcast.firehose.source;

import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A source's position in {@code firehose.source_checkpoint}: per Kinesis shard the sequence number of the last record
 * taken into the buffer ({@code SHARD_END} once a closed shard has been read to its end); per MSK topic partition ({@code partition-<n>}) the offset of the next record to take.
 */
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
