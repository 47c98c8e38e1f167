package dev.overcast.flink.pipeline;

import dev.overcast.flink.FlinkTestService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.PropertyGroup;

/**
 * The two Kinesis streams of the suite a test application reads and writes, with the property group that tells the
 * job about them ({@code job}: input, output, label, region, endpoint), and the application's status as described.
 */
final class StreamPair {

    private final KinesisClient kinesis = FlinkTestService.kinesis();
    private final String in = "in-" + UUID.randomUUID().toString().substring(0, 6);
    private final String out = "out-" + UUID.randomUUID().toString().substring(0, 6);
    private final List<String> seen = new ArrayList<>();
    private String outIterator;

    StreamPair() {
        kinesis.createStream(b -> b.streamName(in).shardCount(1));
        kinesis.createStream(b -> b.streamName(out).shardCount(1));
    }

    /** The property group the jobs read through KinesisAnalyticsRuntime. */
    PropertyGroup job(String label) {
        return PropertyGroup.builder().propertyGroupId("job").propertyMap(Map.of("input", in, "output", out, "label", label,
                "region", "us-east-1", "endpoint", FlinkTestService.kinesisEndpoint().toString())).build();
    }

    /** One record per key, the key its data. */
    void put(String... keys) {
        for (String k : keys) {
            kinesis.putRecord(b -> b.streamName(in).partitionKey(k).data(SdkBytes.fromString(k, StandardCharsets.UTF_8)));
        }
    }

    /** Many records (one per key, the key its data) in PutRecords batches of 500. */
    void putBatches(List<String> keys) {
        for (int from = 0; from < keys.size(); from += 500) {
            List<PutRecordsRequestEntry> batch = keys.subList(from, Math.min(from + 500, keys.size())).stream()
                    .map(k -> PutRecordsRequestEntry.builder().partitionKey(k).data(SdkBytes.fromString(k, StandardCharsets.UTF_8))
                            .build()).toList();
            var r = kinesis.putRecords(b -> b.streamName(in).records(batch));
            if (r.failedRecordCount() != null && r.failedRecordCount() > 0) {
                throw new IllegalStateException(r.failedRecordCount() + " records were not put");
            }
        }
    }

    /** Waits until the output stream holds every expected record (among others). */
    void awaitOutput(String... expected) {
        FlinkTestService.await("output " + List.of(expected), Duration.ofSeconds(180), () -> {
            if (outIterator == null) {
                String shard = kinesis.listShards(b -> b.streamName(out)).shards().get(0).shardId();
                outIterator = kinesis.getShardIterator(b -> b.streamName(out).shardId(shard)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            }
            var r = kinesis.getRecords(b -> b.shardIterator(outIterator));
            outIterator = r.nextShardIterator();
            for (Record rec : r.records()) {
                seen.add(rec.data().asUtf8String());
            }
            return seen.containsAll(List.of(expected));
        });
    }

    /** How many times {@code record} was read from the output stream so far. */
    long count(String record) {
        return seen.stream().filter(record::equals).count();
    }

    static String status(KinesisAnalyticsV2Client flink, String app) {
        return flink.describeApplication(b -> b.applicationName(app)).applicationDetail().applicationStatusAsString();
    }

    static void awaitStatus(KinesisAnalyticsV2Client flink, String app, String expected) {
        FlinkTestService.await(app + " " + expected, Duration.ofSeconds(180), () -> status(flink, app).equals(expected));
    }
}
