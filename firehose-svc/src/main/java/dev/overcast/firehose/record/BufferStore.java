package dev.overcast.firehose.record;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The delivery buffer in {@code firehose.buffered_batch}: per delivery stream, the batches of records in arrival order,
 * one row per put (each record framed by its 4-byte length). A record is acknowledged once its batch row has committed;
 * it leaves the buffer in the transaction that records its delivery: its batch row goes, or, when the delivery ended
 * inside the batch, the batch counts the records taken from its start.
 */
@Repository
public class BufferStore {

    /** A buffered record: its batch, its place in the batch, and whether it is the batch's last record. */
    public record Buffered(long batch, int index, boolean lastOfBatch, Instant arrivedAt, byte[] data) {

        /** The record's id within its delivery stream's buffer. */
        public String id() {
            return batch + "." + index;
        }
    }

    /** What a stream's buffer holds: its oldest record's arrival, its bytes and records. */
    public record Fill(long streamId, Instant oldest, long bytes, long records) {
    }

    private final JdbcClient jdbc;

    public BufferStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends records as one batch row in one statement; the batch's sequence number. */
    public long append(long streamId, Instant arrivedAt, List<byte[]> data) {
        long bytes = 0;
        for (byte[] d : data) {
            bytes += d.length;
        }
        ByteBuffer framed = ByteBuffer.allocate(Math.toIntExact(bytes + 4L * data.size()));
        for (byte[] d : data) {
            framed.putInt(d.length).put(d);
        }
        return jdbc.sql("""
                        insert into buffered_batch (stream_id, arrived_at, records, bytes, data)
                        values (:stream, :arrived, :records, :bytes, :data) returning seq""")
                .param("stream", streamId).param("arrived", java.sql.Timestamp.from(arrivedAt))
                .param("records", data.size()).param("bytes", bytes).param("data", framed.array())
                .query(Long.class).single();
    }

    /** The buffers that hold records, one row per delivery stream (read from the batch rows, not their records). */
    public List<Fill> fills() {
        return jdbc.sql("""
                        select stream_id, min(arrived_at), sum(bytes - taken_bytes), sum(records - taken)
                        from buffered_batch group by stream_id""")
                .query((rs, i) -> new Fill(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getLong(3), rs.getLong(4)))
                .list();
    }

    public Optional<Fill> fill(long streamId) {
        return jdbc.sql("""
                        select min(arrived_at), coalesce(sum(bytes - taken_bytes), 0), coalesce(sum(records - taken), 0)
                        from buffered_batch where stream_id = :stream""")
                .param("stream", streamId)
                .query((rs, i) -> rs.getLong(3) == 0 ? null
                        : new Fill(streamId, rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getLong(3)))
                .optional();
    }

    /**
     * The oldest records of a stream, up to the first one that makes them reach {@code maxBytes}: only the batches that
     * hold them are read.
     */
    public List<Buffered> oldest(long streamId, long maxBytes) {
        List<Buffered> records = new ArrayList<>();
        long[] total = {0};
        jdbc.sql("""
                        with due as (
                            select seq from (
                                select seq, sum(bytes - taken_bytes) over (order by seq) - (bytes - taken_bytes) as before
                                from buffered_batch where stream_id = :stream) b
                            where before < :max)
                        select b.seq, b.arrived_at, b.taken, b.records, b.data
                        from buffered_batch b join due using (seq) order by b.seq""")
                .param("stream", streamId).param("max", maxBytes)
                .query(rs -> {
                    if (total[0] >= maxBytes) {
                        return;
                    }
                    long batch = rs.getLong(1);
                    Instant arrived = rs.getTimestamp(2).toInstant();
                    int taken = rs.getInt(3);
                    int count = rs.getInt(4);
                    ByteBuffer framed = ByteBuffer.wrap(rs.getBytes(5));
                    for (int i = 0; i < count && total[0] < maxBytes; i++) {
                        byte[] d = new byte[framed.getInt()];
                        framed.get(d);
                        if (i >= taken) {
                            records.add(new Buffered(batch, i, i == count - 1, arrived, d));
                            total[0] += d.length;
                        }
                    }
                });
        return records;
    }

    /** Removes delivered records, the oldest of the stream's buffer in order (in the caller's transaction). */
    public void remove(long streamId, List<Buffered> delivered) {
        Buffered last = delivered.getLast();
        jdbc.sql("delete from buffered_batch where stream_id = :stream and (seq < :batch or seq = :batch and :whole)")
                .param("stream", streamId).param("batch", last.batch()).param("whole", last.lastOfBatch()).update();
        if (!last.lastOfBatch()) {
            long bytes = 0;
            for (Buffered b : delivered) {
                if (b.batch() == last.batch()) {
                    bytes += b.data().length;
                }
            }
            jdbc.sql("update buffered_batch set taken = :taken, taken_bytes = taken_bytes + :bytes where seq = :batch")
                    .param("taken", last.index() + 1).param("bytes", bytes).param("batch", last.batch()).update();
        }
    }
}
