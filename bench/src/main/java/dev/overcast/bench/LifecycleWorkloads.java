package dev.overcast.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a lifecycle sweep costs the writes beside it (issue 19): s3-put-1k into a bucket of its own while another
 * bucket holds {@code LIFECYCLE_OBJECTS} objects (default 100,000, filled before the run with 32 threads):
 * <ul>
 *   <li>{@code s3-put-1k-lifecycle-idle}: no rule on the filled bucket, nothing swept;</li>
 *   <li>{@code s3-put-1k-lifecycle-sweep}: the filled bucket has an Expiration rule (1 day) and, when the measured
 *       window starts, the suite's clock is moved 3 days on ({@code POST /_overcast/clock}: the sandbox must run with
 *       {@code OVERCAST_ADMIN=true}), so the sweep expiring every object runs during the window. The line adds
 *       sweep-s, the time from the advance until the bucket lists no object (the sweep's own time, even if it ends
 *       after the window; a window shorter than the sweep measures the puts during the sweep only).</li>
 * </ul>
 */
final class LifecycleWorkloads {

    private LifecycleWorkloads() {
    }

    static LoadGenerator.Result run(String endpoint, String workload, LoadGenerator.Run run) throws Exception {
        boolean sweep = workload.endsWith("-sweep");
        int objects = Integer.parseInt(System.getenv().getOrDefault("LIFECYCLE_OBJECTS", "100000"));
        try (S3Client s3 = LoadGenerator.client(endpoint, Math.max(32, run.threads()))) {
            String swept = "lc-" + UUID.randomUUID().toString().substring(0, 8);
            s3.createBucket(b -> b.bucket(swept));
            fill(s3, swept, objects);
            if (sweep) {
                s3.putBucketLifecycleConfiguration(b -> b.bucket(swept).lifecycleConfiguration(c -> c.rules(r -> r.id("expire")
                        .status("Enabled").filter(f -> f.prefix("")).expiration(e -> e.days(1)))));
            }
            String bucket = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            s3.createBucket(b -> b.bucket(bucket));
            byte[] body = new byte[1024];
            AtomicInteger sequence = new AtomicInteger();
            long windowStart = System.nanoTime() + TimeUnit.SECONDS.toNanos(run.warmupSeconds());
            ExecutorService sweeper = Executors.newSingleThreadExecutor();
            Future<Double> sweepSeconds = sweeper.submit(() -> sweep ? advanceAndWait(endpoint, s3, swept, windowStart) : 0.0);
            try {
                LoadGenerator.Result r = LoadGenerator.timed(run, () -> () -> {
                    String key = "p" + sequence.incrementAndGet();
                    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
                    return body.length;
                });
                return r.withDetail(String.format(Locale.ROOT, " objects=%d sweep-s=%.1f", objects, sweepSeconds.get()));
            } finally {
                sweeper.shutdownNow();
            }
        }
    }

    private static void fill(S3Client s3, String bucket, int objects) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        AtomicInteger next = new AtomicInteger();
        byte[] body = new byte[16];
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
            workers.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < objects; ) {
                    String key = String.format("o/%03d/%06d", i % 1000, i);
                    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
                }
                return null;
            }));
        }
        try {
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** At the window's start, moves the suite's clock 3 days on; the seconds until the bucket lists no object. */
    private static double advanceAndWait(String endpoint, S3Client s3, String bucket, long windowStart) throws Exception {
        TimeUnit.NANOSECONDS.sleep(Math.max(0, windowStart - System.nanoTime()));
        long t0 = System.nanoTime();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + "/_overcast/clock"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"advance\": \"P3D\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("clock advance refused (" + answer.statusCode() + "; is OVERCAST_ADMIN=true?): "
                    + answer.body());
        }
        while (s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(1)).keyCount() > 0) {
            Thread.sleep(100);
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
