package dev.overcast.s3.object;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.overcast.s3.S3TestService;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A client that drops a large download unread must leave nothing behind on the pooled PostgreSQL connection that
 * streamed it: before, the driver's cancel of the COPY that read the chunks gave the connection back to the pool with
 * the rest of the copy still unread, and the next statements on it read the wrong answers (one account listed
 * another's buckets), or were cancelled themselves.
 */
class AbandonedDownloadTest {

    private static final int LARGE = 30 * 1024 * 1024;
    /** Accounts no other test uses: each owns exactly the one bucket this test creates. */
    private static final String ACCOUNT_A = "493827160501";
    private static final String ACCOUNT_B = "493827160502";

    @Test
    void abandonedDownloadsNeverLeakIntoOtherRequests() throws Exception {
        S3Client a = S3TestService.client(ACCOUNT_A, "us-east-1");
        S3Client b = S3TestService.client(ACCOUNT_B, "us-east-1");
        String bucketA = S3TestService.bucketName();
        String bucketB = S3TestService.bucketName();
        a.createBucket(r -> r.bucket(bucketA));
        b.createBucket(r -> r.bucket(bucketB));
        byte[] large = new byte[LARGE];
        new Random(3).nextBytes(large);
        // one body in a table of its own (declared over the test's 2 MiB), one in the shared chunk table
        a.putObject(r -> r.bucket(bucketA).key("large"), RequestBody.fromBytes(large));
        byte[] shared = new byte[1536 * 1024];
        new Random(4).nextBytes(shared);
        b.putObject(r -> r.bucket(bucketB).key("shared"), RequestBody.fromBytes(shared));
        byte[] small = "a small body".getBytes(StandardCharsets.UTF_8);
        a.putObject(r -> r.bucket(bucketA).key("small"), RequestBody.fromBytes(small));
        b.putObject(r -> r.bucket(bucketB).key("small"), RequestBody.fromBytes(small));

        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger abandoned = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            done.add(pool.submit(() -> {
                try {
                    if (n % 3 == 0) {
                        abandon(ACCOUNT_B, "/" + bucketB + "/shared", 200_000);
                    } else {
                        abandon(ACCOUNT_A, "/" + bucketA + "/large", 1 << 20);
                    }
                    abandoned.incrementAndGet();
                } catch (Exception e) {
                    failures.add("abandoned GET " + n + ": " + e);
                }
            }));
            done.add(pool.submit(() -> check(n % 2 == 0 ? a : b, n % 2 == 0 ? bucketA : bucketB, small, failures)));
        }
        for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(failures).isEmpty();
        assertThat(abandoned).hasValue(200);

        // afterwards every connection of the pool is in step: each answers its own query, nothing else
        HikariDataSource dataSource = S3TestService.jdbc().getDataSource().unwrap(HikariDataSource.class);
        List<Connection> all = new ArrayList<>();
        try {
            for (int i = 0; i < dataSource.getMaximumPoolSize(); i++) {
                Connection c = dataSource.getConnection();
                all.add(c);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select " + i + ", current_schema()")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(i);
                    assertThat(rs.getString(2)).isEqualTo("s3");
                }
            }
        } finally {
            for (Connection c : all) {
                c.close();
            }
        }
        for (int i = 0; i < 20; i++) {
            check(i % 2 == 0 ? a : b, i % 2 == 0 ? bucketA : bucketB, small, failures);
        }
        assertThat(a.getObjectAsBytes(r -> r.bucket(bucketA).key("large")).asByteArray()).isEqualTo(large);
        assertThat(b.getObjectAsBytes(r -> r.bucket(bucketB).key("shared")).asByteArray()).isEqualTo(shared);
        assertThat(failures).isEmpty();
    }

    /** A GET whose client reads the status line and a little of the body, then resets the connection. */
    private static void abandon(String account, String path, int readBytes) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", S3TestService.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: AWS4-HMAC-SHA256 Credential=" + account + "/20250101/us-east-1/s3/aws4_request, "
                    + "SignedHeaders=host, Signature=0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[16384];
            String head = null;
            int total = 0;
            while (total < readBytes) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                if (head == null) {
                    head = new String(buffer, 0, Math.min(n, 12), StandardCharsets.US_ASCII);
                }
                total += n;
            }
            if (head == null) {
                throw new AssertionError("no answer");
            }
            socket.setSoLinger(true, 0); // a reset, as a client killed mid-download sends
            if (!head.startsWith("HTTP/1.1 20")) {
                throw new AssertionError("answered " + head);
            }
        }
    }

    private static void check(S3Client s3, String bucket, byte[] small, ConcurrentLinkedQueue<String> failures) {
        try {
            List<String> names = s3.listBuckets().buckets().stream().map(Bucket::name).toList();
            if (!names.contains(bucket) || names.size() != 1) {
                failures.add("ListBuckets of " + bucket + "'s owner answered " + names);
            }
            s3.headBucket(r -> r.bucket(bucket));
            byte[] body = s3.getObjectAsBytes(r -> r.bucket(bucket).key("small")).asByteArray();
            if (!java.util.Arrays.equals(body, small)) {
                failures.add("GetObject answered " + body.length + " bytes");
            }
        } catch (S3Exception e) {
            failures.add(e.statusCode() + " " + e.awsErrorDetails().errorCode() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            failures.add(e.toString());
        }
    }
}
