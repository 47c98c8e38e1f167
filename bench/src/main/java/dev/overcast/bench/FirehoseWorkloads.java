package dev.overcast.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Data Firehose workloads (a DirectPut stream delivering to an S3 bucket of the same endpoint):
 * <ul>
 *   <li>{@code firehose-put}: PutRecordBatch of 500 records of 1 KiB, the stream buffering up to 128 MiB or 900 s (so
 *       what is measured is the durable buffering of the put); the line adds records/s;</li>
 *   <li>{@code firehose-delivery-latency}: one thread puts a record into a stream with IntervalInSeconds 0 and lists
 *       the bucket until its object is there (put's start to the listing that shows it).</li>
 * </ul>
 */
final class FirehoseWorkloads {

    static final int BATCH = 500;

    private FirehoseWorkloads() {
    }

    static LoadGenerator.Result run(String endpoint, String workload, LoadGenerator.Run run) throws Exception {
        try (FirehoseClient firehose = client(endpoint, run.threads()); S3Client s3 = LoadGenerator.client(endpoint, 2)) {
            return switch (workload) {
                case "firehose-put" -> put(firehose, s3, run);
                case "firehose-delivery-latency" -> latency(firehose, s3, run);
                default -> throw new IllegalArgumentException("unknown workload " + workload);
            };
        }
    }

    static FirehoseClient client(String endpoint, int threads) {
        return FirehoseClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "bench")))
                .httpClient(ApacheHttpClient.builder().maxConnections(threads * 2).socketTimeout(Duration.ofMinutes(5)).build())
                .build();
    }

    /** A bucket and a DirectPut stream delivering to it; the stream's name. */
    static String stream(FirehoseClient firehose, S3Client s3, String bucket, int sizeMb, int intervalSeconds)
            throws InterruptedException {
        s3.createBucket(b -> b.bucket(bucket));
        String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(d -> d
                .bucketARN("arn:aws:s3:::" + bucket).roleARN("arn:aws:iam::000000000000:role/bench")
                .bufferingHints(h -> h.sizeInMBs(sizeMb).intervalInSeconds(intervalSeconds))));
        while (firehose.describeDeliveryStream(b -> b.deliveryStreamName(name)).deliveryStreamDescription()
                .deliveryStreamStatus() != DeliveryStreamStatus.ACTIVE) {
            Thread.sleep(100);
        }
        return name;
    }

    static LoadGenerator.Result put(FirehoseClient firehose, S3Client s3, LoadGenerator.Run run) throws Exception {
        String stream = stream(firehose, s3, "bench-fh-" + UUID.randomUUID().toString().substring(0, 8), 128, 900);
        AtomicLong failed = new AtomicLong();
        LoadGenerator.Result r = LoadGenerator.timed(run, () -> {
            Random random = new Random();
            return () -> {
                List<Record> batch = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    byte[] data = new byte[1024];
                    random.nextBytes(data);
                    batch.add(Record.builder().data(SdkBytes.fromByteArrayUnsafe(data)).build());
                }
                PutRecordBatchResponse put = firehose.putRecordBatch(b -> b.deliveryStreamName(stream).records(batch));
                failed.addAndGet(put.failedPutCount());
                return (long) (BATCH - put.failedPutCount()) * 1024;
            };
        });
        return r.withDetail(String.format(Locale.ROOT, " records/s=%.0f failed-records=%d",
                r.megabytesPerSecond() * 1e6 / 1024, failed.get()));
    }

    static LoadGenerator.Result latency(FirehoseClient firehose, S3Client s3, LoadGenerator.Run run) throws Exception {
        String bucket = "bench-fh-" + UUID.randomUUID().toString().substring(0, 8);
        String stream = stream(firehose, s3, bucket, 1, 0);
        int[] seen = {0};
        return LoadGenerator.timed(new LoadGenerator.Run(1, run.seconds(), run.warmupSeconds()), () -> () -> {
            firehose.putRecord(b -> b.deliveryStreamName(stream).record(r -> r.data(SdkBytes.fromUtf8String("x\n"))));
            while (true) {
                int objects = s3.listObjectsV2(b -> b.bucket(bucket)).keyCount();
                if (objects > seen[0]) {
                    seen[0] = objects;
                    return 2;
                }
                Thread.sleep(5);
            }
        });
    }
}
