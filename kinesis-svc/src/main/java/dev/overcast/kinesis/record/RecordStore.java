package dev.overcast.kinesis.record;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Records in {@code kinesis.record}, one shard's records ordered by their counter. */
@Repository
public class RecordStore {

    /** A record to write: its shard, its counter there, and what the producer sent. */
    public record NewRecord(int shardIndex, long counter, String partitionKey, BigInteger hashKey, byte[] data) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public RecordStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Writes records of one stream, all arrived at {@code now}, in one batch (inside the caller's transaction). */
    public void insert(long streamId, List<NewRecord> records, Instant now) {
        Timestamp arrived = Timestamp.from(now);
        template.batchUpdate("""
                insert into record (stream_id, shard_index, counter, partition_key, hash_key, data, arrived_at)
                values (?, ?, ?, ?, ?, ?, ?)""", new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                NewRecord r = records.get(i);
                ps.setLong(1, streamId);
                ps.setInt(2, r.shardIndex());
                ps.setLong(3, r.counter());
                ps.setString(4, r.partitionKey());
                ps.setBigDecimal(5, new BigDecimal(r.hashKey()));
                ps.setBytes(6, r.data());
                ps.setTimestamp(7, arrived);
            }

            @Override
            public int getBatchSize() {
                return records.size();
            }
        });
    }

    /**
     * Records of a shard from counter {@code from} on, in order: at most {@code limit}, and no more than
     * {@code maxBytes} of data and partition keys (the first record always), summed by PostgreSQL so that no more
     * than the answer is read.
     */
    public List<StoredRecord> read(long streamId, int shardIndex, long from, int limit, long maxBytes) {
        return jdbc.sql("""
                        select counter, partition_key, data, arrived_at from (
                          select r.*, sum(octet_length(r.data) + octet_length(r.partition_key)) over (order by r.counter)
                                      - (octet_length(r.data) + octet_length(r.partition_key)) as before,
                                 octet_length(r.data) + octet_length(r.partition_key) as size,
                                 row_number() over (order by r.counter) as n
                          from (select * from record where stream_id = :stream and shard_index = :shard and counter >= :from
                                order by counter limit :limit) r
                        ) t where t.n = 1 or t.before + t.size <= :max
                        order by counter""")
                .param("stream", streamId).param("shard", shardIndex).param("from", from).param("limit", limit)
                .param("max", maxBytes)
                .query((rs, i) -> new StoredRecord(rs.getLong(1), rs.getString(2), rs.getBytes(3),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }

    /** The counter of a shard's first record that arrived at or after {@code at}. */
    public Optional<Long> firstAtOrAfter(long streamId, int shardIndex, Instant at) {
        return jdbc.sql("""
                        select counter from record where stream_id = ? and shard_index = ? and arrived_at >= ?
                        order by counter limit 1""")
                .params(streamId, shardIndex, Timestamp.from(at)).query(Long.class).optional();
    }

    /** The advisory lock a retention sweep holds, so that replicas of the service never sweep at the same time. */
    public static final long RETENTION_LOCK = 0x6b696e6573697301L; // "kinesis" 01

    /** Takes the retention sweep's lock until the transaction ends; false when another sweep holds it. */
    public boolean tryLockRetention() {
        return jdbc.sql("select pg_try_advisory_xact_lock(?)").param(RETENTION_LOCK).query(Boolean.class).single();
    }

    /** A shard and the retention of its stream. */
    public record Retention(long streamId, int shardIndex, int hours) {
    }

    public List<Retention> retentions() {
        return jdbc.sql("select h.stream_id, h.shard_index, s.retention_hours from shard h join stream s on s.id = h.stream_id")
                .query((rs, i) -> new Retention(rs.getLong(1), rs.getInt(2), rs.getInt(3))).list();
    }

    /**
     * Deletes a shard's records below {@code counter}: a prefix of the shard in sequence order, so the trim horizon
     * moves on and never leaves a hole. A record's counter is at least the microseconds of its arrival, so a record
     * below the counter of a time arrived before it.
     */
    public int trim(long streamId, int shardIndex, long counter) {
        return jdbc.sql("delete from record where stream_id = ? and shard_index = ? and counter < ?")
                .params(streamId, shardIndex, counter).update();
    }
}
