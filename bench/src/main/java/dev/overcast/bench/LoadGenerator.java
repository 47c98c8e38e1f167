package dev.overcast.bench;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Runs a named workload against any S3, DynamoDB or Kinesis endpoint for a fixed time with N client threads and prints one line:
 * ops/s, MB/s and latency percentiles. The same client, settings and workload for every endpoint, so two
 * runs compare the servers.
 *
 * <pre>java -jar bench/target/bench.jar ENDPOINT WORKLOAD THREADS SECONDS [WARMUP_SECONDS]</pre>
 *
 * The workload first runs unmeasured for WARMUP_SECONDS (default 5) in the same JVM, so that what is measured is the
 * steady state of both sides rather than the client's JIT compiling the SDK. The line also gives the client's own CPU
 * per operation (this JVM's CPU time over the measured window): on a machine shared by client and server, what the
 * client spends is not available to the server.
 *
 * Workloads: {@code s3-put-1k}, {@code s3-get-1k}, {@code s3-put-get-256m} (one thread moves 256 MiB up and down),
 * {@code s3-put-1k-notified} (s3-put-1k into a bucket whose notification configuration sends every created object's
 * event to a queue: what the events cost a write), {@code s3-get-1k-policy} (s3-get-1k from a bucket with a
 * 20-statement bucket policy, none of which refuses the reads: what policy evaluation costs a read);
 * {@code ddb-put}, {@code ddb-put-stream}, {@code ddb-get}, {@code ddb-query} (see {@link DynamoDbWorkloads});
 * {@code ddb-bus-latency} (see {@link BusLatency}); {@code kinesis-put}, {@code kinesis-get},
 * {@code kinesis-poll-latency}, {@code kinesis-subscribe-latency} (see {@link KinesisWorkloads});
 * {@code firehose-put}, {@code firehose-delivery-latency} (see {@link FirehoseWorkloads});
 * {@code s3-put-1k-lifecycle-idle}, {@code s3-put-1k-lifecycle-sweep} (see {@link LifecycleWorkloads}).
 */
public final class LoadGenerator {

    public static void main(String[] args) throws Exception {
        if (args.length != 4 && args.length != 5) {
            System.err.println("usage: LoadGenerator ENDPOINT WORKLOAD THREADS SECONDS [WARMUP_SECONDS]");
            System.exit(2);
        }
        String endpoint = args[0];
        String workload = args[1];
        Run run = new Run(Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                args.length == 5 ? Integer.parseInt(args[4]) : 5);
        Result result;
        if (workload.equals("ddb-bus-latency")) {
            result = BusLatency.run(endpoint, run);
        } else if (workload.startsWith("ddb-")) {
            result = DynamoDbWorkloads.run(endpoint, workload, run);
        } else if (workload.startsWith("kinesis-")) {
            result = KinesisWorkloads.run(endpoint, workload, run);
        } else if (workload.startsWith("s3-put-1k-lifecycle-")) {
            result = LifecycleWorkloads.run(endpoint, workload, run);
        } else if (workload.startsWith("firehose-")) {
            result = FirehoseWorkloads.run(endpoint, workload, run);
        } else {
            try (S3Client s3 = client(endpoint, run.threads())) {
                result = switch (workload) {
                    case "s3-put-1k" -> small(s3, run, false, Bucket.PLAIN);
                    case "s3-put-1k-notified" -> small(s3, run, false, Bucket.NOTIFIED);
                    case "s3-get-1k" -> small(s3, run, true, Bucket.PLAIN);
                    case "s3-get-1k-policy" -> small(s3, run, true, Bucket.POLICY);
                    case "s3-put-get-256m" -> large(s3, run);
                    default -> throw new IllegalArgumentException("unknown workload " + workload);
                };
            }
        }
        System.out.println(result.format(workload, endpoint, run.threads()));
    }

    /** How long and with how many client threads a workload runs, after an unmeasured warm-up. */
    record Run(int threads, int seconds, int warmupSeconds) {
        /** Starts the clock: the warm-up ends, then the measured window. */
        Recorder recorder() {
            long now = System.nanoTime();
            long measureFrom = now + Duration.ofSeconds(warmupSeconds).toNanos();
            return new Recorder(measureFrom, measureFrom + Duration.ofSeconds(seconds).toNanos());
        }
    }

    /**
     * The SDK's default checksums (CRC32 on every PUT, checksum mode on GET), as users run it; {@code S3_CHECKSUMS=off}
     * (WHEN_REQUIRED both ways) for the checksums-off figures beside them.
     */
    static S3Client client(String endpoint, int threads) {
        boolean checksumsOff = "off".equalsIgnoreCase(System.getenv().getOrDefault("S3_CHECKSUMS", "default"));
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .requestChecksumCalculation(checksumsOff ? RequestChecksumCalculation.WHEN_REQUIRED
                        : RequestChecksumCalculation.WHEN_SUPPORTED)
                .responseChecksumValidation(checksumsOff ? ResponseChecksumValidation.WHEN_REQUIRED
                        : ResponseChecksumValidation.WHEN_SUPPORTED)
                .httpClient(ApacheHttpClient.builder().maxConnections(threads * 2)
                        .socketTimeout(Duration.ofMinutes(5)).build())
                .build();
    }

    /** What the small workloads' bucket has besides its objects. */
    enum Bucket { PLAIN, NOTIFIED, POLICY }

    /**
     * 1 KiB objects: PUT new keys, or GET from a pre-filled key set; the bucket plain, with a notification
     * configuration, or with a bucket policy (set after the key set is filled).
     */
    static Result small(S3Client s3, Run run, boolean get, Bucket kind) throws Exception {
        String bucket = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        if (kind == Bucket.NOTIFIED) {
            s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n.queueConfigurations(
                    q -> q.queueArn("arn:aws:sqs:us-east-1:000000000000:bench").eventsWithStrings("s3:ObjectCreated:*"))));
        }
        byte[] body = new byte[1024];
        new Random(1).nextBytes(body);
        int keys = 1000;
        if (get) {
            for (int i = 0; i < keys; i++) {
                int n = i;
                s3.putObject(b -> b.bucket(bucket).key("k" + n), RequestBody.fromBytes(body));
            }
        }
        if (kind == Bucket.POLICY) {
            s3.putBucketPolicy(b -> b.bucket(bucket).policy(twentyStatements(bucket)));
        }
        AtomicLong sequence = new AtomicLong();
        return timed(run, () -> {
            Random random = new Random();
            byte[] buffer = new byte[8192];
            return () -> {
                if (get) {
                    String key = "k" + random.nextInt(keys);
                    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key))) {
                        drain(in, buffer);
                    }
                } else {
                    String key = "p" + sequence.incrementAndGet();
                    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
                }
                return body.length;
            };
        });
    }

    /**
     * A bucket policy of 20 statements as a team might write one, none of which refuses this client's reads (account
     * 000000000000, from 127.0.0.1, over HTTP): ten Allow statements for other accounts' readers of their own
     * prefixes, five Deny statements on unencrypted PUTs, three Deny statements on requests from outside the local
     * networks (evaluated on every request, not matching), one Deny on deletes, one Allow for the owner's account
     * under a time condition.
     */
    static String twentyStatements(String bucket) {
        String objects = "arn:aws:s3:::" + bucket + "/*";
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            statements.add(String.format("""
                    {"Sid":"Reader%d","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1111111111%02d:root"},                    "Action":["s3:GetObject","s3:GetObjectVersion"],"Resource":"arn:aws:s3:::%s/shared-%d/*",                    "Condition":{"IpAddress":{"aws:SourceIp":"10.%d.0.0/16"}}}""", i, i, bucket, i, i));
        }
        for (int i = 0; i < 5; i++) {
            statements.add(String.format("""
                    {"Sid":"Encrypted%d","Effect":"Deny","Principal":"*","Action":"s3:PutObject",                    "Resource":"arn:aws:s3:::%s/secure-%d/*",                    "Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}}""", i, bucket, i));
        }
        for (int i = 0; i < 3; i++) {
            statements.add(String.format("""
                    {"Sid":"Network%d","Effect":"Deny","Principal":"*","Action":"s3:*",                    "Resource":["arn:aws:s3:::%s","%s"],                    "Condition":{"NotIpAddress":{"aws:SourceIp":["127.0.0.0/8","10.0.0.0/8","192.168.%d.0/24"]}}}""",
                    i, bucket, objects, i));
        }
        statements.add(String.format("""
                {"Sid":"NoDeletes","Effect":"Deny","Principal":"*","Action":["s3:DeleteObject","s3:DeleteObjectVersion"],                "Resource":"%s"}""", objects));
        statements.add(String.format("""
                {"Sid":"Owner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"s3:*",                "Resource":"%s","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}}""", objects));
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    /** One operation of a workload; returns the bytes it moved. */
    interface Operation {
        long run() throws Exception;
    }

    /** Makes the operation one client thread repeats (with that thread's own state). */
    interface OperationFactory {
        Operation create();
    }

    /**
     * Runs the operation on N threads through the warm-up and the measured window, recording each one that started
     * and ended inside the window.
     */
    static Result timed(Run run, OperationFactory factory) throws Exception {
        Recorder recorder = run.recorder();
        ExecutorService pool = Executors.newFixedThreadPool(run.threads());
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < run.threads(); t++) {
            running.add(pool.submit(() -> {
                Operation op = factory.create();
                for (long t0; (t0 = System.nanoTime()) < recorder.end(); ) {
                    long bytes = op.run();
                    recorder.record(t0, System.nanoTime(), bytes);
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return recorder.result();
    }

    /**
     * 256 MiB PUT then GET, repeated by one thread through the warm-up and the measured window (a transfer counts when
     * it started in the window; the last one may end after it, and the rate is taken over the time they took).
     */
    static Result large(S3Client s3, Run run) throws Exception {
        String bucket = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        long size = 256L * 1024 * 1024;
        Recorder recorder = run.recorder();
        Recorder puts = run.recorder();
        Recorder gets = run.recorder();
        byte[] buffer = new byte[1 << 16];
        for (long t0; (t0 = System.nanoTime()) < recorder.end(); ) {
            s3.putObject(b -> b.bucket(bucket).key("large"),
                    RequestBody.fromContentProvider(() -> new PatternStream(size), size, "application/octet-stream"));
            long t1 = System.nanoTime();
            recorder.record(t0, t1, size);
            puts.record(t0, t1, size);
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key("large"))) {
                if (drain(in, buffer) != size) {
                    throw new IllegalStateException("short read");
                }
            }
            long t2 = System.nanoTime();
            recorder.record(t1, t2, size);
            gets.record(t1, t2, size);
        }
        // each direction's own rate: the bytes it moved over the time its transfers took
        return recorder.result().withDetail(String.format(Locale.ROOT, " put-MB/s=%.1f get-MB/s=%.1f",
                puts.busyRate(), gets.busyRate()));
    }

    static long drain(InputStream in, byte[] buffer) throws java.io.IOException {
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
        }
        return total;
    }

    /** A body generated on the fly: large uploads without large client memory. */
    static final class PatternStream extends InputStream {
        private long remaining;

        PatternStream(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            return remaining-- > 0 ? (int) (remaining & 0xff) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) (remaining - i);
            }
            remaining -= n;
            return n;
        }
    }

    /** Latencies and bytes of the operations that started in the measured window, and the client's CPU meanwhile. */
    static final class Recorder {
        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        private final List<long[]> chunks = new ArrayList<>();
        private final long measureFrom;
        private final long end;
        private long[] current = new long[1 << 16];
        private int used;
        private long bytes;
        private long count;
        private long lastEnd;
        private long cpuAtStart = -1;

        Recorder(long measureFrom, long end) {
            this.measureFrom = measureFrom;
            this.end = end;
        }

        /** When no operation starts any more. */
        long end() {
            return end;
        }

        synchronized void record(long started, long ended, long size) {
            if (started < measureFrom) {
                return; // warm-up
            }
            if (cpuAtStart < 0) {
                cpuAtStart = OS.getProcessCpuTime();
                if (Boolean.getBoolean("bench.marks")) { // for scripts that sample other processes over the window
                    System.err.println("bench: measuring");
                }
            }
            if (used == current.length) {
                chunks.add(current);
                current = new long[current.length];
                used = 0;
            }
            current[used++] = ended - started;
            bytes += size;
            count++;
            lastEnd = Math.max(lastEnd, ended);
        }

        /** MB per second of the time the recorded operations took (one thread: the time spent in them). */
        synchronized double busyRate() {
            long busy = 0;
            for (long[] c : chunks) {
                for (long nanos : c) {
                    busy += nanos;
                }
            }
            for (int i = 0; i < used; i++) {
                busy += current[i];
            }
            return busy == 0 ? 0 : bytes / (busy / 1e9) / 1e6;
        }

        synchronized Result result() {
            if (Boolean.getBoolean("bench.marks")) {
                System.err.println("bench: done");
            }
            double elapsed = (Math.max(lastEnd, end) - measureFrom) / 1e9;
            double clientCpuMs = count == 0 ? 0 : (OS.getProcessCpuTime() - cpuAtStart) / 1e6 / count;
            long[] all = new long[(int) count];
            int at = 0;
            for (long[] c : chunks) {
                System.arraycopy(c, 0, all, at, c.length);
                at += c.length;
            }
            System.arraycopy(current, 0, all, at, used);
            Arrays.sort(all);
            return new Result(count / elapsed, bytes / elapsed / 1e6, pct(all, 0.50), pct(all, 0.90), pct(all, 0.99), count,
                    clientCpuMs);
        }

        private static double pct(long[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
        }
    }

    record Result(double opsPerSecond, double megabytesPerSecond, double p50, double p90, double p99, long ops,
                  double clientCpuMsPerOp, String detail) {
        Result(double opsPerSecond, double megabytesPerSecond, double p50, double p90, double p99, long ops,
               double clientCpuMsPerOp) {
            this(opsPerSecond, megabytesPerSecond, p50, p90, p99, ops, clientCpuMsPerOp, "");
        }

        Result withDetail(String more) {
            return new Result(opsPerSecond, megabytesPerSecond, p50, p90, p99, ops, clientCpuMsPerOp, detail + more);
        }

        String format(String workload, String endpoint, int threads) {
            return String.format(Locale.ROOT,
                    "workload=%s endpoint=%s threads=%d ops=%d ops/s=%.1f MB/s=%.1f p50=%.2fms p90=%.2fms p99=%.2fms"
                            + " client-cpu=%.3fms/op",
                    workload, endpoint, threads, ops, opsPerSecond, megabytesPerSecond, p50, p90, p99, clientCpuMsPerOp)
                    + detail;
        }
    }
}
