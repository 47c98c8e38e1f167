package dev.overcast.s3.object;

import dev.overcast.s3.checksum.Md5;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.postgresql.PGStatement;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Blobs: byte sequences stored as fixed-size {@code s3.object_chunk} rows keyed by (blob id, seq). A single-part
 * object's blob id is its object id; each uploaded part is a blob of its own, which a completed multipart object
 * adopts as it is. Chunks have no foreign key: whoever drops a blob's owner deletes its chunks in the same
 * transaction ({@link #deleteBlobsOfObject}, {@link #deleteBlob}).
 */
@Repository
public class ChunkStore {

    /** What writing a blob produced. */
    public record Written(long blobId, long size, byte[] md5, int chunkCount) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final int chunkSize;

    public ChunkStore(JdbcTemplate jdbc, PlatformTransactionManager transactions,
                      @Value("${overcast.s3.chunk-size:1048576}") int chunkSize) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.chunkSize = chunkSize;
    }

    public int chunkSize() {
        return chunkSize;
    }

    public long nextId() {
        return jdbc.queryForObject("select nextval('object_id_seq')", Long.class);
    }

    public void insert(long blobId, int seq, byte[] data, int length) {
        jdbc.update("insert into object_chunk (blob_id, seq, data) values (?, ?, ?)", ps -> {
            ps.setLong(1, blobId);
            ps.setInt(2, seq);
            ps.setBinaryStream(3, new ByteArrayInputStream(data, 0, length), length);
        });
    }

    /**
     * Streams {@code body} into a new blob, at most two chunks in memory; the caller's transaction decides whether
     * the rows stay.
     */
    public Written write(InputStream body) {
        try (BlobOutput out = openBlob()) {
            body.transferTo(out);
            out.close();
            return out.written();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An output stream that cuts what is written into the chunks of a new blob. */
    public BlobOutput openBlob() {
        return new BlobOutput(nextId());
    }

    /**
     * Writes bytes {@code first..last} (inclusive, relative to the blob) of a blob with {@code blobChunkSize}-byte
     * chunks to {@code out}, one chunk in memory at a time.
     */
    public void read(long blobId, int blobChunkSize, long first, long last, OutputStream out) throws IOException {
        if (last < first) {
            return;
        }
        int fromSeq = (int) (first / blobChunkSize);
        int toSeq = (int) (last / blobChunkSize);
        long[] expected = {fromSeq};
        try {
            tx.executeWithoutResult(status -> jdbc.query(con -> {
                PreparedStatement ps = binaryResults(con.prepareStatement(
                        "select seq, data from object_chunk where blob_id = ? and seq between ? and ? order by seq"));
                ps.setFetchSize(1);
                ps.setLong(1, blobId);
                ps.setInt(2, fromSeq);
                ps.setInt(3, toSeq);
                return ps;
            }, rs -> {
                int seq = rs.getInt(1);
                if (seq != expected[0]) {
                    throw new UncheckedIOException(new IOException("Blob " + blobId + " changed while it was being read"));
                }
                expected[0]++;
                byte[] data = rs.getBytes(2);
                long chunkStart = (long) seq * blobChunkSize;
                int from = (int) Math.max(0, first - chunkStart);
                int to = (int) Math.min(data.length - 1, last - chunkStart);
                try {
                    out.write(data, from, to - from + 1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (expected[0] != toSeq + 1) {
            throw new IOException("Blob " + blobId + " changed while it was being read");
        }
    }

    /**
     * Like {@link #read} but fetching one chunk per query, so the caller may write other rows on the same
     * connection meanwhile (a copy inside one transaction).
     */
    public void readChunkwise(long blobId, int blobChunkSize, long first, long last, OutputStream out)
            throws IOException {
        if (last < first) {
            return;
        }
        for (int seq = (int) (first / blobChunkSize); seq <= (int) (last / blobChunkSize); seq++) {
            int chunk = seq;
            byte[] data = jdbc.query(con -> {
                PreparedStatement ps = binaryResults(con.prepareStatement("select data from object_chunk where blob_id = ? and seq = ?"));
                ps.setLong(1, blobId);
                ps.setInt(2, chunk);
                return ps;
            }, rs -> rs.next() ? rs.getBytes(1) : null);
            if (data == null) {
                throw new IOException("Blob " + blobId + " changed while it was being read");
            }
            long chunkStart = (long) seq * blobChunkSize;
            int from = (int) Math.max(0, first - chunkStart);
            int to = (int) Math.min(data.length - 1, last - chunkStart);
            out.write(data, from, to - from + 1);
        }
    }

    /**
     * Chunks come back as raw bytes, not hex text: the driver only asks for binary results once a statement is
     * prepared on the server, which it otherwise does after five uses on one connection.
     */
    private static PreparedStatement binaryResults(PreparedStatement ps) throws SQLException {
        ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
        return ps;
    }

    public void deleteBlob(long blobId) {
        jdbc.update("delete from object_chunk where blob_id = ?", blobId);
    }

    /** Deletes the chunks of one object version: its own blob and the blobs of its parts. */
    public void deleteBlobsOfObject(long objectId) {
        jdbc.update("""
                delete from object_chunk where blob_id in (
                    select ? union all select p.blob_id from object_part p where p.object_id = ?)""",
                objectId, objectId);
    }

    /** Cuts written bytes into chunk rows of one blob, computing the MD5 on the way. */
    public final class BlobOutput extends OutputStream {

        private final long blobId;
        private final MessageDigest md5;
        private final byte[] buffer = new byte[chunkSize];
        private int filled;
        private int seq;
        private long size;
        private byte[] digest;

        private BlobOutput(long blobId) {
            this.blobId = blobId;
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
                insert(blobId, seq++, buffer, filled);
                filled = 0;
            }
        }

        @Override
        public void close() {
            if (digest == null) {
                flushChunk();
                digest = md5.digest();
            }
        }

        public Written written() {
            close();
            return new Written(blobId, size, digest, seq);
        }
    }
}
