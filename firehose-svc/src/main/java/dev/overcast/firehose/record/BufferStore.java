package dev.overcast.firehose.record;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The delivery buffer in {@code firehose.buffered_record}: records in arrival order per delivery stream. A record is
 * acknowledged once its row has committed; it leaves the buffer in the transaction that records its delivery.
 */
@Repository
public class BufferStore {

    /** A buffered record. */
    public record Buffered(long seq, Instant arrivedAt, byte[] data) {
    }

    /** What a stream's buffer holds: its oldest record's arrival, its bytes and records. */
    public record Fill(long streamId, Instant oldest, long bytes, long records) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public BufferStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Appends records in one statement; their sequence numbers in order. */
    public List<Long> append(long streamId, Instant arrivedAt, List<byte[]> data) {
        return template.execute((java.sql.Connection c) -> {
            Array array = c.createArrayOf("bytea", data.toArray(new byte[0][]));
            try (var ps = c.prepareStatement("""
                    insert into buffered_record (stream_id, arrived_at, data)
                    select ?, ?, d from unnest(?::bytea[]) with ordinality as u(d, n) order by n
                    returning seq""")) {
                ps.setLong(1, streamId);
                ps.setTimestamp(2, Timestamp.from(arrivedAt));
                ps.setArray(3, array);
                List<Long> seqs = new ArrayList<>(data.size());
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        seqs.add(rs.getLong(1));
                    }
                }
                seqs.sort(null);
                return seqs;
            } finally {
                array.free();
            }
        });
    }

    /** The buffers that hold records, one row per delivery stream. */
    public List<Fill> fills() {
        return jdbc.sql("""
                        select stream_id, min(arrived_at) as oldest, sum(octet_length(data)) as bytes, count(*) as n
                        from buffered_record group by stream_id""")
                .query((rs, i) -> new Fill(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getLong(3), rs.getLong(4)))
                .list();
    }

    public Optional<Fill> fill(long streamId) {
        return jdbc.sql("""
                        select min(arrived_at) as oldest, coalesce(sum(octet_length(data)), 0), count(*)
                        from buffered_record where stream_id = ?""")
                .param(streamId)
                .query((rs, i) -> rs.getLong(3) == 0 ? null
                        : new Fill(streamId, rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getLong(3)))
                .optional();
    }

    /** The oldest records of a stream, up to the first one that makes them reach {@code maxBytes}. */
    public List<Buffered> oldest(long streamId, long maxBytes) {
        return jdbc.sql("""
                        select seq, arrived_at, data from (
                            select seq, arrived_at, data,
                                   sum(octet_length(data)) over (order by seq) - octet_length(data) as before
                            from buffered_record where stream_id = ?) b
                        where before < ? order by seq""")
                .params(streamId, maxBytes)
                .query((rs, i) -> new Buffered(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getBytes(3))).list();
    }

    /** Removes delivered records (in the caller's transaction). */
    public void remove(long streamId, long upToSeq) {
        jdbc.sql("delete from buffered_record where stream_id = ? and seq <= ?").params(streamId, upToSeq).update();
    }
}
