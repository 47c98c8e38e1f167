package dev.overcast.s3.object;

import dev.overcast.common.db.PooledConnections;
import dev.overcast.common.db.SqlState;
import dev.overcast.s3.checksum.Md5;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Blobs: byte sequences stored as fixed-size chunk rows keyed by seq. A single-part object's blob id is its object
 * id; each uploaded part is a blob of its own, which a completed multipart object adopts as it is. Chunks have no
 * foreign key: whoever drops a blob's owner records the blob as an orphan in the same transaction
 * ({@link #orphanBlobsOf}, {@link #orphan}), and {@link #sweepOrphans} reclaims it later.
 * <p>
 * Where a blob's rows are, its owner row's chunk size says (the {@code layout} of {@link Written}): positive, rows of
 * that many bytes in the shared {@code s3.object_chunk}, keyed by (blob id, seq); negative, rows of minus that many
 * bytes in a table of the blob's own, {@code s3.blob_<id>}. A body declared at least {@code
 * overcast.s3.blob-table-min} long (8 MiB) gets its own table, created in the writing transaction: PostgreSQL writes
 * such a table once, with no copy in the WAL when {@code wal_level} is minimal (the embedded server's; it syncs the
 * file at commit instead), its rows already frozen ({@code COPY FREEZE}: no later visit of vacuum), and reclaiming it
 * is one {@code DROP TABLE}, where shared rows are deleted and vacuumed one page each.
 * <p>
 * A chunk is one heap row that fits a page (8,000 bytes by default; the table's {@code toast_tuple_target} keeps
 * such rows whole): no TOAST, whose 2 KB slices, each with an index entry of its own, cost four times the rows and
 * index entries. A body streams in through one {@code COPY}, which PostgreSQL inserts as it arrives (bulk-extending
 * the table) while the service reads on; blobs written alongside other statements (copies) go in batches. Blobs
 * written with another chunk size (older ones: 1 MiB) keep theirs: readers take it from the blob's owner row.
 */
@Repository
public class ChunkStore {

    /**
     * What writing a blob produced; {@code layout} is the chunk size its owner row keeps (see the class comment).
     */
    public record Written(long blobId, long size, byte[] md5, int chunkCount, int layout) {
    }

    /** Bytes read or written per round trip when a blob is read or written in batches (copies). */
    private static final int BATCH_BYTES = 1 << 20;

    /** Bytes of chunks a streamed read takes per message. */
    private static final int READ_GROUP_BYTES = 128 * 1024;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final int chunkSize;
    private final long tableMin;

    public ChunkStore(JdbcTemplate jdbc, PlatformTransactionManager transactions,
                      @Value("${overcast.s3.chunk-size:8000}") int chunkSize,
                      @Value("${overcast.s3.blob-table-min:8388608}") long tableMin) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.chunkSize = chunkSize;
        this.tableMin = tableMin;
    }

    /** The bytes of a chunk of a blob with this layout. */
    private static int rowBytes(int layout) {
        return Math.abs(layout);
    }

    /** The table of a blob of its own. */
    private static String ownTable(long blobId) {
        return "blob_" + blobId;
    }

    /**
     * The rows of a blob as a FROM and WHERE clause over alias {@code c}, ready for more conditions (numbers only:
     * safe to splice into SQL).
     */
    private static String rowsOf(long blobId, int layout) {
        return layout < 0 ? ownTable(blobId) + " c where true" : "object_chunk c where c.blob_id = " + blobId;
    }

    /** Chunks per round trip, for chunks of the given size. */
    private static int batchRows(int chunkSize) {
        return Math.max(1, BATCH_BYTES / chunkSize);
    }

    /** The layout of blobs written in the shared table (copies, bodies of unknown or small size). */
    public int chunkSize() {
        return chunkSize;
    }

    public long nextId() {
        return jdbc.queryForObject("select nextval('object_id_seq')", Long.class);
    }

    /**
     * Streams {@code body} into a new blob through one {@code COPY}, a chunk in memory at a time; the caller's
     * transaction decides whether the rows stay. Nothing else may use the transaction's connection meanwhile.
     *
     * @param declaredSize the size the request declared (its Content-Length, which may count some framing too), or
     *                     null: whether the blob gets a table of its own
     */
    public Written write(InputStream body, Long declaredSize) {
        long id = nextId();
        boolean own = declaredSize != null && declaredSize >= tableMin;
        try (BlobOutput out = new BlobOutput(id, own ? -chunkSize : chunkSize, new CopyRows(own ? id : null))) {
            body.transferTo(out);
            return out.written();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An output stream that cuts what is written into the chunks of a new blob, inserted in batches, so that the
     * caller may run other statements on the transaction's connection between writes (a copy reading its source).
     */
    public BlobOutput openBlob() {
        return new BlobOutput(nextId(), chunkSize, new BatchedRows());
    }

    /**
     * Writes bytes {@code first..last} (inclusive, relative to the blob) of a blob with the given layout (its owner
     * row's chunk size) to {@code out}, a group of chunks in memory at a time.
     */
    public void read(long blobId, int layout, long first, long last, OutputStream out) throws IOException {
        if (last < first) {
            return;
        }
        int blobChunkSize = rowBytes(layout);
        int fromSeq = (int) (first / blobChunkSize);
        int toSeq = (int) (last / blobChunkSize);
        int group = Math.max(1, READ_GROUP_BYTES / blobChunkSize);
        // One COPY streams the chunks in order, a group of them (about 128 KB) per message, with no round trip per
        // batch (numbers only: safe). Chunks are looked up by key, in the order generate_series gives: "where seq
        // between .. order by seq" lets the planner pick a bitmap scan and an external sort, which spills a large
        // blob to disk.
        String sql = "copy (select (select string_agg(c.data, ''::bytea order by c.seq) from " + rowsOf(blobId, layout)
                + " and c.seq between s and least(s + " + (group - 1) + ", " + toSeq
                + ")) from generate_series(" + fromSeq + ", " + toSeq + ", " + group + ") s) to stdout (format binary)";
        boolean whole;
        try {
            whole = jdbc.execute((ConnectionCallback<Boolean>) con -> {
                CopyOut copy = con.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
                try {
                    long seq = fromSeq;
                    boolean header = true;
                    for (byte[] message; (message = copy.readFromCopy()) != null; ) {
                        ByteBuffer b = ByteBuffer.wrap(message);
                        if (header) { // the first message starts with the 19-byte file header
                            b.position(19);
                            header = false;
                        }
                        if (b.getShort() < 0) {
                            continue; // the trailer
                        }
                        long groupStart = seq * blobChunkSize;
                        long groupEnd = Math.min(seq + group - 1, toSeq);
                        // every chunk of the group is there: whole chunks, or the bytes asked for of the last one
                        long needed = groupEnd < toSeq ? (groupEnd - seq + 1) * blobChunkSize : last - groupStart + 1;
                        int length = b.getInt();
                        if (length < needed) {
                            return false; // a chunk is missing: the blob went away meanwhile
                        }
                        int from = (int) Math.max(0, first - groupStart);
                        int to = (int) Math.min(length - 1, last - groupStart);
                        out.write(message, b.position() + from, to - from + 1);
                        seq += group;
                    }
                    return seq > toSeq;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    if (copy.isActive()) {
                        // the client went away, or a chunk was missing: the rest of the copy is still on the wire, so
                        // the connection never goes back to the pool (a driver-side cancel would leave it out of step)
                        PooledConnections.discard(jdbc.getDataSource(), con);
                    }
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (DataAccessException e) {
            throw goneOr(e, blobId);
        }
        if (!whole) {
            throw changed(blobId);
        }
    }

    /**
     * Like {@link #read} but without an open cursor, so that the caller may write other rows on the same connection
     * meanwhile (a copy inside one transaction): each query fetches a batch of chunks, held until written out.
     */
    public void readChunkwise(long blobId, int layout, long first, long last, OutputStream out)
            throws IOException {
        if (last < first) {
            return;
        }
        int blobChunkSize = rowBytes(layout);
        int toSeq = (int) (last / blobChunkSize);
        for (int from = (int) (first / blobChunkSize); from <= toSeq; ) {
            int batchEnd = Math.min(toSeq, from + batchRows(blobChunkSize) - 1);
            int start = from;
            List<byte[]> batch;
            try {
                batch = jdbc.query(con -> {
                    PreparedStatement ps = binaryResults(con.prepareStatement(
                            "select data from " + rowsOf(blobId, layout) + " and seq between ? and ? order by seq"));
                    ps.setInt(1, start);
                    ps.setInt(2, batchEnd);
                    return ps;
                }, (rs, i) -> rs.getBytes(1));
            } catch (DataAccessException e) {
                throw goneOr(e, blobId);
            }
            if (batch.size() != batchEnd - from + 1) {
                throw changed(blobId);
            }
            for (byte[] data : batch) {
                long chunkStart = (long) from * blobChunkSize;
                int fromByte = (int) Math.max(0, first - chunkStart);
                int toByte = (int) Math.min(data.length - 1, last - chunkStart);
                out.write(data, fromByte, toByte - fromByte + 1);
                from++;
            }
        }
    }

    private static IOException changed(long blobId) {
        return new IOException("Blob " + blobId + " changed while it was being read");
    }

    /**
     * A blob's own table dropped meanwhile (the blob was orphaned and swept since its owner was read) reads as a
     * blob that changed, as missing shared rows do; any other failure is itself.
     */
    private static IOException goneOr(DataAccessException e, long blobId) {
        if (SqlState.is(e, SqlState.UNDEFINED_TABLE)) {
            return changed(blobId);
        }
        throw e;
    }

    /**
     * Chunks come back as raw bytes, not hex text: the driver only asks for binary results once a statement is
     * prepared on the server, which it otherwise does after five uses on one connection.
     */
    private static PreparedStatement binaryResults(PreparedStatement ps) throws SQLException {
        ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
        return ps;
    }

    /** Within the caller's transaction: the blob is no one's any more; its chunks go with the next sweep. */
    public void orphan(long blobId) {
        jdbc.update("insert into orphan_blob (blob_id) values (?) on conflict do nothing", blobId);
    }

    /**
     * Within the caller's transaction, before the object version's row goes: its part rows go, and its blobs are no
     * one's any more (its own, when {@code ownBlob}: it has chunks; and those of its parts).
     */
    public void orphanBlobsOf(long objectId, boolean ownBlob) {
        jdbc.queryForList("with doomed (id, chunk_count) as (select ?::bigint, case when ? then 1 else 0 end), "
                + orphaning("doomed") + " select 1", objectId, ownBlob);
    }

    /**
     * The common table expressions (to follow {@code with …,}) that let a statement delete object rows: the rows of
     * their parts go, and the blobs of the objects ({@code chunk_count > 0}) and of their parts are recorded as
     * orphans. {@code doomed} names an earlier expression with the objects' {@code id} and {@code chunk_count}. No
     * foreign key deletes the parts (its trigger ran a query per deleted object): every statement that deletes object
     * rows says this.
     */
    public static String orphaning(String doomed) {
        return """
                doomed_parts as (delete from object_part where object_id = any(array(select id from %1$s))
                                 returning blob_id),
                orphans as (insert into orphan_blob (blob_id)
                            select id from %1$s where chunk_count > 0 union all select blob_id from doomed_parts
                            on conflict do nothing)""".formatted(doomed);
    }

    /** Chunks deleted per transaction by a sweep: about 8 MB. */
    static final int SWEEP_ROWS = 1024;

    /**
     * Reclaims orphaned blobs until none is left (another sweeper, in this process or another replica, takes other
     * blobs meanwhile): a blob's own table is dropped, unless a read still holds it (then it waits for the next
     * sweep); a blob's shared rows are deleted {@link #SWEEP_ROWS} per transaction.
     */
    public void sweepOrphans() {
        List<Long> busy = new ArrayList<>();
        while (true) {
            long[] taken = {0};
            boolean tookOne;
            try {
                tookOne = Boolean.TRUE.equals(tx.execute(status -> {
                    List<Long> blob = jdbc.queryForList("""
                            select blob_id from orphan_blob where blob_id <> all(?)
                            limit 1 for update skip locked""", Long.class, (Object) busy.toArray(Long[]::new));
                    if (blob.isEmpty()) {
                        return false;
                    }
                    long id = taken[0] = blob.get(0);
                    if (jdbc.queryForObject("select to_regclass(?) is not null", Boolean.class, ownTable(id))) {
                        jdbc.execute("set local lock_timeout = '100ms'");
                        jdbc.execute("drop table " + ownTable(id));
                    } else if (jdbc.update("""
                            delete from object_chunk where ctid = any(array(
                                select ctid from object_chunk where blob_id = ? limit ?))""", id, SWEEP_ROWS) == SWEEP_ROWS) {
                        return true; // more rows: the next transaction goes on
                    }
                    jdbc.update("delete from orphan_blob where blob_id = ?", id);
                    return true;
                }));
            } catch (DataAccessException e) {
                if (!SqlState.is(e, SqlState.LOCK_NOT_AVAILABLE)) {
                    throw e;
                }
                busy.add(taken[0]); // being read: the table goes with a later sweep
                continue;
            }
            if (!tookOne) {
                return;
            }
        }
    }

    /** Where a blob's chunk rows go. */
    private interface Rows extends AutoCloseable {
        void add(long blobId, int seq, byte[] data, int length);

        /** All rows added are in the database. */
        void finish();

        /** Gives up after a failure: the caller's transaction rolls the rows back. */
        @Override
        void close();
    }

    /**
     * Rows as one {@code COPY ... FROM STDIN (FORMAT binary)}, streamed: PostgreSQL inserts them as they arrive. The
     * copy runs on the caller's transaction's connection (it begins with the first row).
     */
    private final class CopyRows implements Rows {
        private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
        private final byte[] tuple = new byte[2 + 4 + 8 + 4 + 4 + 4];
        /** The blob whose own table is created for the rows, or null: rows of the shared table. */
        private final Long ownBlob;
        private CopyIn copy;

        CopyRows(Long ownBlob) {
            this.ownBlob = ownBlob;
        }

        /** Starts the copy, creating the blob's own table first, on the transaction's connection. */
        private CopyIn start(Connection connection) throws SQLException {
            if (ownBlob == null) {
                return connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("copy object_chunk (blob_id, seq, data) from stdin (format binary)");
            }
            String table = ownTable(ownBlob);
            try (var statement = connection.createStatement()) {
                // like object_chunk: whole rows, never TOAST; never vacuumed (nothing is updated or deleted), and
                // frozen as written, since it is new in this transaction
                statement.execute("create table " + table + " (seq integer primary key, data bytea not null)"
                        + " with (toast_tuple_target = 8160, autovacuum_enabled = false);"
                        + " alter table " + table + " alter column data set storage external");
            }
            return connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy " + table + " (seq, data) from stdin (format binary, freeze)");
        }

        @Override
        public void add(long blobId, int seq, byte[] data, int length) {
            try {
                if (copy == null) {
                    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                        throw new IllegalStateException("a blob is copied in within its owner's transaction");
                    }
                    // the transaction's own connection, released with the transaction
                    Connection connection = DataSourceUtils.getConnection(jdbc.getDataSource());
                    copy = start(connection);
                    copy.writeToCopy(HEADER, 0, HEADER.length);
                }
                ByteBuffer b = ByteBuffer.wrap(tuple);
                if (ownBlob == null) {
                    b.putShort((short) 3).putInt(8).putLong(blobId);
                } else {
                    b.putShort((short) 2);
                }
                b.putInt(4).putInt(seq).putInt(length);
                copy.writeToCopy(tuple, 0, b.position());
                copy.writeToCopy(data, 0, length);
            } catch (SQLException e) {
                throw jdbc.getExceptionTranslator().translate("COPY object_chunk", null, e);
            }
        }

        @Override
        public void finish() {
            if (copy != null) {
                try {
                    copy.writeToCopy(new byte[]{(byte) 0xff, (byte) 0xff}, 0, 2); // the trailer: -1 fields
                    copy.endCopy();
                } catch (SQLException e) {
                    throw jdbc.getExceptionTranslator().translate("COPY object_chunk", null, e);
                } finally {
                    copy = null;
                }
            }
        }

        @Override
        public void close() {
            if (copy != null && copy.isActive()) {
                try {
                    copy.cancelCopy(); // the connection leaves COPY mode; the transaction rolls back
                } catch (SQLException e) {
                    // the connection is broken: the pool drops it and the transaction is gone with it
                }
            }
            copy = null;
        }
    }

    /** Rows inserted a batch (about a megabyte) per round trip; other statements may run between batches. */
    private final class BatchedRows implements Rows {
        private final List<Object[]> batch = new ArrayList<>();

        @Override
        public void add(long blobId, int seq, byte[] data, int length) {
            batch.add(new Object[]{blobId, seq, java.util.Arrays.copyOf(data, length)});
            if (batch.size() >= batchRows(chunkSize)) {
                finish();
            }
        }

        @Override
        public void finish() {
            if (!batch.isEmpty()) {
                jdbc.batchUpdate("insert into object_chunk (blob_id, seq, data) values (?, ?, ?)", batch);
                batch.clear();
            }
        }

        @Override
        public void close() {
            batch.clear();
        }
    }

    /** Cuts written bytes into chunk rows of one blob, computing the MD5 on the way. */
    public final class BlobOutput extends OutputStream {

        private final long blobId;
        private final int layout;
        private final Rows rows;
        private final MessageDigest md5;
        private final byte[] buffer = new byte[chunkSize];
        private int filled;
        private int seq;
        private long size;
        private byte[] digest;

        private BlobOutput(long blobId, int layout, Rows rows) {
            this.blobId = blobId;
            this.layout = layout;
            this.rows = rows;
            this.md5 = Md5.newDigest();
        }

        public long blobId() {
            return blobId;
        }

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (digest != null) {
                throw new IllegalStateException("closed");
            }
            md5.update(b, off, len);
            size += len;
            while (len > 0) {
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == buffer.length) {
                    flushChunk();
                }
            }
        }

        private void flushChunk() {
            if (filled > 0) {
                rows.add(blobId, seq++, buffer, filled);
                filled = 0;
            }
        }

        /**
         * Gives up on a blob that {@link #written()} did not end (a failure on the way: the caller's transaction
         * rolls its rows back); nothing once it has ended.
         */
        @Override
        public void close() {
            if (digest == null) {
                digest = new byte[0];
                rows.close();
            }
        }

        /** Writes the last chunk and ends the blob: every chunk is in the database. */
        public Written written() {
            if (digest == null) {
                flushChunk();
                rows.finish();
                digest = md5.digest();
            } else if (digest.length == 0) {
                throw new IllegalStateException("the blob was given up");
            }
            return new Written(blobId, size, digest, seq, layout);
        }
    }
}
