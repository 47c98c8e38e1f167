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
 * Runs a named workload against any S3 or DynamoDB endpoint for a fixed time with N client threads and prints one line:
 * ops/s, MB/s and latency percentiles. The same client, settings and workload for every endpoint, so two
 * runs compare the servers.
 *
 * <pre>java -jar bench/target/bench.jar ENDPOINT WORKLOAD THREADS SECONDS</pre>
 *
 * Workloads: {@code s3-put-1k}, {@code s3-get-1k}, {@code s3-put-get-256m} (one thread moves 256 MiB up and down);
 * {@code ddb-put}, {@code ddb-get}, {@code ddb-query} (see {@link DynamoDbWorkloads}).
 */
public final class LoadGenerator {

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: LoadGenerator ENDPOINT WORKLOAD THREADS SECONDS");
            System.exit(2);
        }
        String endpoint = args[0];
        String workload = args[1];
        int threads = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        Result result;
        if (workload.startsWith("ddb-")) {
            result = DynamoDbWorkloads.run(endpoint, workload, threads, seconds);
        } else {
            try (S3Client s3 = client(endpoint, threads)) {
                result = switch (workload) {
                    case "s3-put-1k" -> small(s3, threads, seconds, false);
                    case "s3-get-1k" -> small(s3, threads, seconds, true);
                    case "s3-put-get-256m" -> large(s3, seconds);
                    default -> throw new IllegalArgumentException("unknown workload " + workload);
                };
            }
        }
        System.out.println(result.format(workload, endpoint, threads));
    }

    static S3Client client(String endpoint, int threads) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(ApacheHttpClient.builder().maxConnections(threads * 2)
                        .socketTimeout(Duration.ofMinutes(5)).build())
                .build();
    }

    /** 1 KiB objects: PUT new keys, or GET from a pre-filled key set. */
    static Result small(S3Client s3, int threads, int seconds, boolean get) throws Exception {
        String bucket = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        byte[] body = new byte[1024];
        new Random(1).nextBytes(body);
        int keys = 1000;
        if (get) {
            for (int i = 0; i < keys; i++) {
                int n = i;
                s3.putObject(b -> b.bucket(bucket).key("k" + n), RequestBody.fromBytes(body));
            }
        }
        AtomicLong sequence = new AtomicLong();
        return timed(threads, seconds, () -> {
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

    /** One operation of a workload; returns the bytes it moved. */
    interface Operation {
        long run() throws Exception;
    }

    /** Makes the operation one client thread repeats (with that thread's own state). */
    interface OperationFactory {
        Operation create();
    }

    /** Runs the operation on N threads until the time is up, recording each completed one. */
    static Result timed(int threads, int seconds, OperationFactory factory) throws Exception {
        Recorder recorder = new Recorder();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(pool.submit(() -> {
                Operation op = factory.create();
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    long bytes = op.run();
                    recorder.record(System.nanoTime() - t0, bytes);
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
        return recorder.result(seconds);
    }

    /** 256 MiB PUT then GET, repeated for the duration by one thread. */
    static Result large(S3Client s3, int seconds) throws Exception {
        String bucket = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        long size = 256L * 1024 * 1024;
        Recorder recorder = new Recorder();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        byte[] buffer = new byte[1 << 16];
        do {
            long t0 = System.nanoTime();
            s3.putObject(b -> b.bucket(bucket).key("large"),
                    RequestBody.fromContentProvider(() -> new PatternStream(size), size, "application/octet-stream"));
            recorder.record(System.nanoTime() - t0, size);
            long t1 = System.nanoTime();
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key("large"))) {
                if (drain(in, buffer) != size) {
                    throw new IllegalStateException("short read");
                }
            }
            recorder.record(System.nanoTime() - t1, size);
        } while (System.nanoTime() < deadline);
        return recorder.result(seconds);
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

    /** Latencies and bytes of completed operations. */
    static final class Recorder {
        private final List<long[]> chunks = new ArrayList<>();
        private long[] current = new long[1 << 16];
        private int used;
        private long bytes;
        private long count;
        private long wallStart = System.nanoTime();

        synchronized void record(long nanos, long size) {
            if (used == current.length) {
                chunks.add(current);
                current = new long[current.length];
                used = 0;
            }
            current[used++] = nanos;
            bytes += size;
            count++;
        }

        synchronized Result result(int seconds) {
            double elapsed = (System.nanoTime() - wallStart) / 1e9;
            long[] all = new long[(int) count];
            int at = 0;
            for (long[] c : chunks) {
                System.arraycopy(c, 0, all, at, c.length);
                at += c.length;
            }
            System.arraycopy(current, 0, all, at, used);
            Arrays.sort(all);
            return new Result(count / elapsed, bytes / elapsed / 1e6, pct(all, 0.50), pct(all, 0.90), pct(all, 0.99), count);
        }

        private static double pct(long[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
        }
    }

    record Result(double opsPerSecond, double megabytesPerSecond, double p50, double p90, double p99, long ops) {
        String format(String workload, String endpoint, int threads) {
            return String.format(Locale.ROOT,
                    "workload=%s endpoint=%s threads=%d ops=%d ops/s=%.1f MB/s=%.1f p50=%.2fms p90=%.2fms p99=%.2fms",
                    workload, endpoint, threads, ops, opsPerSecond, megabytesPerSecond, p50, p90, p99);
        }
    }
}
