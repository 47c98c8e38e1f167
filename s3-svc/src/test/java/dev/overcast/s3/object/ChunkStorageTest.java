package dev.overcast.s3.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.s3.RawS3;
import dev.overcast.s3.S3TestService;
import java.io.OutputStream;
import java.net.Socket;
import java.sql.Connection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** How a large body lies in PostgreSQL: whole rows of 8,000 bytes, none of them in TOAST, and nothing left behind. */
class ChunkStorageTest {

    private final S3Client s3 = S3TestService.client();
    private final JdbcTemplate jdbc = S3TestService.jdbc();

    private long toastBytes() {
        return jdbc.queryForObject("select pg_relation_size(reltoastrelid) from pg_class where oid = 's3.object_chunk'::regclass",
                Long.class);
    }

    @Test
    void aLargeBodyIsStoredAsWholePageRowsAndReadBackInRanges() {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        byte[] data = new byte[1024 * 1024 + 5];
        new Random(11).nextBytes(data);
        long toastBefore = toastBytes();
        s3.putObject(b -> b.bucket(bucket).key("big"), RequestBody.fromBytes(data));

        long id = jdbc.queryForObject("select id from s3.object where bucket = ? and key = 'big'", Long.class, bucket);
        assertThat(jdbc.queryForList("select length(data) from s3.object_chunk where blob_id = ? order by seq", Integer.class, id))
                .hasSize(132).startsWith(8000, 8000).endsWith(data.length - 131 * 8000);
        assertThat(toastBytes()).isEqualTo(toastBefore);

        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("big")).asByteArray()).isEqualTo(data);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("big").range("bytes=7990-16010")).asByteArray())
                .isEqualTo(Arrays.copyOfRange(data, 7990, 16011));
        // chunks are read in groups of 16 (128,000 bytes): ranges that start, cross and end inside groups
        for (int[] r : new int[][] {{127_990, 256_010}, {128_000, 255_999}, {300_001, data.length - 1}, {1_000_000, 1_000_000}}) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("big").range("bytes=" + r[0] + "-" + r[1])).asByteArray())
                    .isEqualTo(Arrays.copyOfRange(data, r[0], r[1] + 1));
        }

        // replaced: the old blob is orphaned in the same transaction, its chunks deleted by the next sweep
        s3.putObject(b -> b.bucket(bucket).key("big"), RequestBody.fromString("small now"));
        assertThat(jdbc.queryForObject("select count(*) from s3.orphan_blob where blob_id = ?", Long.class, id)).isOne();
        S3TestService.sweepOrphanedBlobs();
        assertThat(jdbc.queryForObject("select count(*) from s3.object_chunk where blob_id = ?", Long.class, id)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from s3.orphan_blob where blob_id = ?", Long.class, id)).isZero();
    }

    @Test
    void uploadsCutOffMidBodyLeaveNothingAndTheServiceGoesOn() throws Exception {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        S3TestService.sweepOrphanedBlobs();
        long chunksBefore = jdbc.queryForObject("select count(*) from s3.object_chunk", Long.class);
        URI endpoint = S3TestService.endpoint();
        byte[] half = new byte[512 * 1024];
        // more cut-off uploads than the service has database connections: none may keep one
        for (int i = 0; i < 70; i++) {
            try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("PUT /" + bucket + "/cut HTTP/1.1\r\nHost: " + endpoint.getHost() + "\r\nContent-Length: "
                        + (2 * half.length) + "\r\n" + RawS3.signedHeaderLines("PUT", "/" + bucket + "/cut") + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(half);
                out.flush();
            }
        }
        byte[] data = new byte[200_000];
        new Random(13).nextBytes(data);
        s3.putObject(b -> b.bucket(bucket).key("after"), RequestBody.fromBytes(data));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("after")).asByteArray()).isEqualTo(data);
        assertThat(jdbc.queryForObject("select count(*) from s3.object where bucket = ? and key = 'cut'", Long.class, bucket))
                .isZero();
        long id = jdbc.queryForObject("select id from s3.object where bucket = ? and key = 'after'", Long.class, bucket);
        assertThat(jdbc.queryForObject("select count(*) from s3.object_chunk where blob_id <> ?", Long.class, id))
                .isEqualTo(chunksBefore);
    }

    /** The tables of blobs of their own (the tests' threshold is 2 MiB). */
    private long ownTables() {
        return jdbc.queryForObject("select count(*) from pg_class where relnamespace = 's3'::regnamespace"
                + " and relkind = 'r' and relname ~ '^blob_[0-9]+$'", Long.class);
    }

    @Test
    void aBodyDeclaredLargeGetsATableOfItsOwnWhichGoesWhenTheBlobDoes() throws Exception {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(14).nextBytes(data);
        s3.putObject(b -> b.bucket(bucket).key("own"), RequestBody.fromBytes(data));

        long id = jdbc.queryForObject("select id from s3.object where bucket = ? and key = 'own'", Long.class, bucket);
        assertThat(jdbc.queryForObject("select count(*) from s3.object_chunk where blob_id = ?", Long.class, id)).isZero();
        assertThat(jdbc.queryForList("select length(data) from s3.blob_" + id + " order by seq", Integer.class))
                .hasSize(394).startsWith(8000, 8000).endsWith(data.length - 393 * 8000);
        assertThat(jdbc.queryForObject("select pg_relation_size(reltoastrelid) from pg_class where oid = ?::regclass",
                Long.class, "s3.blob_" + id)).isZero();

        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("own")).asByteArray()).isEqualTo(data);
        for (int[] r : new int[][] {{127_990, 256_010}, {3_000_000, data.length - 1}}) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("own").range("bytes=" + r[0] + "-" + r[1])).asByteArray())
                    .isEqualTo(Arrays.copyOfRange(data, r[0], r[1] + 1));
        }
        // a copy reads it chunkwise, into a blob of the shared table
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("own").destinationBucket(bucket).destinationKey("copy"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("copy")).asByteArray()).isEqualTo(data);

        // replaced while a reader still holds the table: the sweep leaves it to a later sweep, which drops it
        try (Connection reader = jdbc.getDataSource().getConnection()) {
            reader.setAutoCommit(false);
            reader.createStatement().executeQuery("select count(*) from s3.blob_" + id).close();
            s3.putObject(b -> b.bucket(bucket).key("own"), RequestBody.fromString("small now"));
            S3TestService.sweepOrphanedBlobs();
            assertThat(S3TestService.chunkRows(id)).isEqualTo(394);
            reader.commit();
        }
        S3TestService.sweepOrphanedBlobs();
        assertThat(jdbc.queryForObject("select to_regclass(?) is null", Boolean.class, "s3.blob_" + id)).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from s3.orphan_blob where blob_id = ?", Long.class, id)).isZero();
    }

    @Test
    void aLargeBodyCutOffLeavesNoTableOfItsOwn() throws Exception {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        long before = ownTables();
        URI endpoint = S3TestService.endpoint();
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /" + bucket + "/cut HTTP/1.1\r\nHost: " + endpoint.getHost() + "\r\nContent-Length: "
                    + (4 * 1024 * 1024) + "\r\n" + RawS3.signedHeaderLines("PUT", "/" + bucket + "/cut") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[3 * 1024 * 1024]);
            out.flush();
        }
        s3.putObject(b -> b.bucket(bucket).key("after"), RequestBody.fromString("fine"));
        // the cut-off upload's transaction rolls back when the service notices: wait for it, briefly
        for (int i = 0; i < 100 && ownTables() > before; i++) {
            Thread.sleep(50);
        }
        assertThat(ownTables()).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from s3.object where bucket = ? and key = 'cut'", Long.class, bucket))
                .isZero();
    }

    @Test
    void aLargeBodyRefusedAtItsEndLeavesNoChunks() {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        byte[] data = new byte[300_000];
        new Random(12).nextBytes(data);
        S3TestService.sweepOrphanedBlobs(); // what other tests left to sweep goes now, not between the two counts
        long chunksBefore = jdbc.queryForObject("select count(*) from s3.object_chunk", Long.class);
        String wrongMd5 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key("bad").contentMD5(wrongMd5), RequestBody.fromBytes(data)))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("BadDigest"));
        assertThat(jdbc.queryForObject("select count(*) from s3.object_chunk", Long.class)).isEqualTo(chunksBefore);
        assertThat(jdbc.queryForObject("select count(*) from s3.object where bucket = ?", Long.class, bucket)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from s3.orphan_blob", Long.class)).isZero();
    }
}
