package dev.overcast.firehose.record;

import dev.overcast.common.db.GroupCommit;
import dev.overcast.firehose.encryption.BufferKeys;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery buffer in {@code firehose.buffered_batch}: per delivery stream, the batches of records in arrival order,
 * one row per put (each record framed by its 4-byte length). A record is acknowledged once its batch row has committed;
 * it leaves the buffer in the transaction that records its delivery: its batch row goes, or, when the delivery ended
 * inside the batch, the batch counts the records taken from its start. A batch put while its stream's server-side
 * encryption is on is stored sealed with the stream's key ({@link BufferKeys}), and opened when a delivery reads it.
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

    private static final String INSERT = """
            insert into buffered_batch (stream_id, arrived_at, records, bytes, data, key_id)
            values (?, ?, ?, ?, ?, ?) returning seq""";

    /** One put's batch, and the sequence number its row got once committed. */
    private static final class Append {
        final long streamId;
        final Instant arrivedAt;
        final List<byte[]> data;
        final long bytes;
        final BufferKeys.Key key;
        long seq;
        RuntimeException failure;

        Append(long streamId, Instant arrivedAt, List<byte[]> data, BufferKeys.Key key) {
            this.streamId = streamId;
            this.arrivedAt = arrivedAt;
            this.data = data;
            this.key = key;
            long total = 0;
            for (byte[] d : data) {
                total += d.length;
            }
            this.bytes = total;
        }
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate tx;
    private final GroupCommit<Append> appends;
    private final BufferKeys keys;

    public BufferStore(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate tx, BufferKeys keys,
                       @Value("${overcast.firehose.group-commit-size:16}") int groupSize,
                       @Value("${overcast.firehose.group-commit-groups:2}") int groups) {
        this.jdbc = jdbc;
        this.template = template;
        this.tx = tx;
        this.keys = keys;
        this.appends = new GroupCommit<>(this::commit, groupSize, groups);
    }

    /**
     * Appends records as one batch row; returns the batch's sequence number once the row has committed. Puts that
     * arrive together share one transaction and one commit ({@link GroupCommit}). Called in a transaction (a source's
     * records with their checkpoints), the row is written in that transaction instead.
     */
    public long append(long streamId, Instant arrivedAt, List<byte[]> data) {
        return append(streamId, arrivedAt, data, null);
    }

    /** As {@link #append(long, Instant, List)}, the batch sealed with {@code key} when there is one. */
    public long append(long streamId, Instant arrivedAt, List<byte[]> data, BufferKeys.Key key) {
        Append a = new Append(streamId, arrivedAt, data, key);
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            insert(a);
            return a.seq;
        }
        appends.submit(a);
        if (a.failure != null) {
            throw a.failure;
        }
        return a.seq;
    }

    /**
     * A group of appends in one transaction. When a statement fails (a stream deleted meanwhile) the transaction is
     * rolled back and nothing is written: each append goes again in a transaction of its own, so that one put's failure
     * is its own. When the commit itself fails, its outcome is unknown (the rows may have committed): every member fails
     * with it and none is written again, which could buffer its records twice; the caller sees the error and may retry,
     * as after any failed put.
     */
    private void commit(List<Append> group) {
        boolean[] inBody = {true};
        try {
            tx.executeWithoutResult(s -> {
                group.forEach(this::insert);
                inBody[0] = false;
            });
        } catch (RuntimeException e) {
            if (group.size() == 1 || !inBody[0]) {
                throw e;
            }
            for (Append a : group) {
                try {
                    tx.executeWithoutResult(s -> insert(a));
                } catch (RuntimeException alone) {
                    a.failure = alone;
                }
            }
        }
    }

    /**
     * One batch row; the records framed by length as the driver sends them, never copied into one array first (unless
     * sealed: then framed into one array, and that encrypted).
     */
    private void insert(Append a) {
        int framedLength = Math.toIntExact(a.bytes + 4L * a.data.size());
        a.seq = template.query(INSERT, ps -> {
            ps.setLong(1, a.streamId);
            ps.setTimestamp(2, java.sql.Timestamp.from(a.arrivedAt));
            ps.setInt(3, a.data.size());
            ps.setLong(4, a.bytes);
            if (a.key == null) {
                ps.setBinaryStream(5, new Framed(a.data), framedLength);
                ps.setNull(6, java.sql.Types.BIGINT);
            } else {
                byte[] plain = new byte[framedLength];
                new Framed(a.data).read(plain, 0, framedLength);
                ps.setBytes(5, BufferKeys.seal(a.key, a.streamId, plain));
                ps.setLong(6, a.key.id());
            }
        }, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    /** The records one after the other, each after its 4-byte big-endian length, as a stream. */
    private static final class Framed extends InputStream {
        private final List<byte[]> records;
        private final byte[] length = new byte[4];
        private int record = -1;
        /** Position in the current record's length (0..3) then its bytes (4..). */
        private int position = 4;
        private byte[] current = new byte[0];

        Framed(List<byte[]> records) {
            this.records = records;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            int n = 0;
            while (n < len) {
                if (position == 4 + current.length) {
                    if (record + 1 == records.size()) {
                        break;
                    }
                    current = records.get(++record);
                    int l = current.length;
                    length[0] = (byte) (l >>> 24);
                    length[1] = (byte) (l >>> 16);
                    length[2] = (byte) (l >>> 8);
                    length[3] = (byte) l;
                    position = 0;
                }
                int chunk;
                if (position < 4) {
                    chunk = Math.min(4 - position, len - n);
                    System.arraycopy(length, position, buf, off + n, chunk);
                } else {
                    chunk = Math.min(4 + current.length - position, len - n);
                    System.arraycopy(current, position - 4, buf, off + n, chunk);
                }
                position += chunk;
                n += chunk;
            }
            return n == 0 && len > 0 ? -1 : n;
        }
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
     * What a delivery took from the start of a stream's buffer, counted as its records are read: how many and their
     * bytes, and the last one's place.
     */
    public static final class Taken {
        private int records;
        private long bytes;
        private long lastBatch = -1;
        private int lastIndex;
        private boolean lastOfBatch;
        private long bytesOfLastBatch;

        void add(Buffered b) {
            if (b.batch() != lastBatch) {
                bytesOfLastBatch = 0;
            }
            records++;
            bytes += b.data().length;
            bytesOfLastBatch += b.data().length;
            lastBatch = b.batch();
            lastIndex = b.index();
            lastOfBatch = b.lastOfBatch();
        }

        public int records() {
            return records;
        }

        public long bytes() {
            return bytes;
        }
    }

    /** Batch rows read at a time by {@link #read}: a delivery holds these, not its SizeInMBs. */
    private static final int PAGE = 4;

    /**
     * The oldest records of a stream, up to the first one that makes them reach {@code maxBytes}, in order, each
     * handed to {@code each} and counted in {@code taken}; a few batch rows are read at a time.
     */
    public void read(long streamId, long maxBytes, Taken taken, Consumer<Buffered> each) {
        long after = -1;
        while (taken.bytes < maxBytes) {
            List<Buffered> page = new ArrayList<>();
            long[] last = {after};
            jdbc.sql("""
                            select seq, arrived_at, taken, records, data, key_id from buffered_batch
                            where stream_id = :stream and seq > :after order by seq limit :page""")
                    .param("stream", streamId).param("after", after).param("page", PAGE)
                    .query(rs -> {
                        long batch = rs.getLong(1);
                        Instant arrived = rs.getTimestamp(2).toInstant();
                        int from = rs.getInt(3);
                        int count = rs.getInt(4);
                        byte[] stored = rs.getBytes(5);
                        long keyId = rs.getLong(6);
                        ByteBuffer framed = ByteBuffer.wrap(rs.wasNull() ? stored : keys.open(keyId, streamId, stored));
                        for (int i = 0; i < count; i++) {
                            byte[] d = new byte[framed.getInt()];
                            framed.get(d);
                            if (i >= from) {
                                page.add(new Buffered(batch, i, i == count - 1, arrived, d));
                            }
                        }
                        last[0] = batch;
                    });
            if (page.isEmpty()) {
                return;
            }
            for (Buffered b : page) {
                if (taken.bytes >= maxBytes) {
                    return;
                }
                taken.add(b);
                each.accept(b);
            }
            after = last[0];
        }
    }

    /** Removes delivered records, the oldest of the stream's buffer in order (in the caller's transaction). */
    public void remove(long streamId, Taken delivered) {
        jdbc.sql("delete from buffered_batch where stream_id = :stream and (seq < :batch or seq = :batch and :whole)")
                .param("stream", streamId).param("batch", delivered.lastBatch).param("whole", delivered.lastOfBatch)
                .update();
        if (!delivered.lastOfBatch) {
            jdbc.sql("update buffered_batch set taken = :taken, taken_bytes = taken_bytes + :bytes where seq = :batch")
                    .param("taken", delivered.lastIndex + 1).param("bytes", delivered.bytesOfLastBatch)
                    .param("batch", delivered.lastBatch).update();
        }
    }
}
