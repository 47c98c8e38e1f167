package dev.overcast.firehose.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.time.SuiteClock;
import dev.overcast.firehose.FirehoseTestService;
import dev.overcast.firehose.S3Reads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A Kinesis stream as source, through the Kinesis API: records put with the Kinesis SDK arrive in S3 in order per
 * shard, across a restart of Firehose (its checkpoints in PostgreSQL), none lost and none twice; and a DirectPut
 * stream's buffer survives the restart.
 */
class KinesisSourceTest {

    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";

    @Test
    void recordsArriveInOrderPerShardAcrossARestart() {
        KinesisClient kinesis = FirehoseTestService.kinesis();
        Source source = source("ks", 2, 0);
        String streamName = source.stream();
        String streamArn = source.streamArn();
        String bucket = source.bucket();
        String name = source.deliveryStream();
        FirehoseClient firehose = FirehoseTestService.client();
        assertThat(firehose.describeDeliveryStream(b -> b.deliveryStreamName(name)).deliveryStreamDescription().source()
                .kinesisStreamSourceDescription().kinesisStreamARN()).isEqualTo(streamArn);
        assertThatThrownBy(() -> firehose.putRecord(b -> b.deliveryStreamName(name).record(r -> r.data(SdkBytes.fromUtf8String("x")))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("This operation is not permitted on KinesisStreamAsSource delivery stream type.");

        // hash keys 0 and 2^127 land on the two shards
        String[] hashKeys = {"0", "170141183460469231731687303715884105728"};
        for (int i = 0; i < 20; i++) {
            put(kinesis, streamName, hashKeys, i);
        }
        Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> lines(bucket).size() >= 20);

        FirehoseTestService.restartFirehose();
        for (int i = 20; i < 40; i++) {
            put(kinesis, streamName, hashKeys, i);
        }
        Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> lines(bucket).size() >= 40);
        List<String> lines = lines(bucket);
        assertThat(lines).hasSize(40).doesNotHaveDuplicates();
        Map<String, List<Integer>> perShard = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.split(":");
            perShard.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        assertThat(perShard.get("s0")).isSorted().hasSize(20);
        assertThat(perShard.get("s1")).isSorted().hasSize(20);
    }

    private static void put(KinesisClient kinesis, String stream, String[] hashKeys, int i) {
        int shard = i % 2;
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").explicitHashKey(hashKeys[shard])
                .data(SdkBytes.fromUtf8String("s" + shard + ":" + i + "\n")));
    }

    /** Every line of every object, objects in the order they were written (their keys hold the time, then a uuid). */
    private static List<String> lines(String bucket) {
        List<String> lines = new ArrayList<>();
        List<S3Object> objects = new ArrayList<>(S3Reads.objects(bucket));
        objects.sort((a, b) -> a.lastModified().compareTo(b.lastModified()));
        for (S3Object o : objects) {
            lines.addAll(Arrays.asList(S3Reads.text(bucket, o.key()).split("\n")));
        }
        return lines;
    }

    @Test
    void aDirectPutBufferIsDeliveredAfterARestart() {
        String bucket = FirehoseTestService.bucket();
        String name = FirehoseTestService.name("rs");
        FirehoseClient firehose = FirehoseTestService.client();
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(d -> d.bucketARN(bucket).roleARN(ROLE).bufferingHints(h -> h.intervalInSeconds(900))));
        for (int i = 0; i < 10; i++) {
            int n = i;
            firehose.putRecord(b -> b.deliveryStreamName(name).record(r -> r.data(SdkBytes.fromUtf8String("r" + n + "\n"))));
        }
        FirehoseTestService.restartFirehose();
        assertThat(S3Reads.objects(bucket)).isEmpty();
        FirehoseTestService.advanceClock(Duration.ofSeconds(901));
        S3Object o = S3Reads.awaitObjects(bucket, 1).getFirst();
        assertThat(S3Reads.text(bucket, o.key())).isEqualTo("r0\nr1\nr2\nr3\nr4\nr5\nr6\nr7\nr8\nr9\n");
    }

    @Test
    void kplAggregatedRecordsAreTakenApart() throws Exception {
        KinesisClient kinesis = FirehoseTestService.kinesis();
        Source source = source("kpl", 1, 0);
        String streamName = source.stream();
        String bucket = source.bucket();
        // an AggregatedRecord as the KPL writes it: partition_key_table (1), records (3) of partition_key_index (1) and data (3)
        java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream out = com.google.protobuf.CodedOutputStream.newInstance(message);
        out.writeString(1, "pk");
        for (String data : List.of("first\n", "second\n")) {
            java.io.ByteArrayOutputStream inner = new java.io.ByteArrayOutputStream();
            com.google.protobuf.CodedOutputStream r = com.google.protobuf.CodedOutputStream.newInstance(inner);
            r.writeUInt64(1, 0);
            r.writeByteArray(3, data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            r.flush();
            out.writeByteArray(3, inner.toByteArray());
        }
        out.flush();
        byte[] body = message.toByteArray();
        java.io.ByteArrayOutputStream aggregated = new java.io.ByteArrayOutputStream();
        aggregated.write(new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2});
        aggregated.write(body);
        aggregated.write(java.security.MessageDigest.getInstance("MD5").digest(body));
        kinesis.putRecord(b -> b.streamName(streamName).partitionKey("pk").data(SdkBytes.fromByteArray(aggregated.toByteArray())));
        kinesis.putRecord(b -> b.streamName(streamName).partitionKey("pk").data(SdkBytes.fromUtf8String("plain\n")));
        Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> lines(bucket).size() >= 3);
        assertThat(lines(bucket)).containsExactly("first", "second", "plain");
    }

    /**
     * A split of the source stream mid-flow: the parent shard is read to its end (its checkpoint SHARD_END) before its
     * children are read, as the KCL does, so each partition key's records arrive in the order they were put. Firehose
     * is held off the stream (its reader's lock) while the records before and after the split are put, so that its first
     * round finds the parent unread beside its children.
     */
    @Test
    void aParentShardIsFinishedBeforeItsChildrenAfterASplit() throws Exception {
        KinesisClient kinesis = FirehoseTestService.kinesis();
        Source source = source("split", 1, 900);
        String streamName = source.stream();
        String bucket = source.bucket();
        String name = source.deliveryStream();
        long id = FirehoseTestService.jdbc().queryForObject("select id from delivery_stream where name = ?", Long.class, name);
        long lock = dev.overcast.common.db.JobLock.id("firehose-source-" + id);
        javax.sql.DataSource db = FirehoseTestService.bean(javax.sql.DataSource.class);
        try (java.sql.Connection c = db.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute("select pg_advisory_lock(" + lock + ")");
            try {
                for (int i = 0; i < 40; i++) {
                    putKeyed(kinesis, streamName, i);
                }
                kinesis.splitShard(b -> b.streamName(streamName).shardToSplit("shardId-000000000000")
                        .newStartingHashKey("170141183460469231731687303715884105728"));
                Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> kinesis.describeStreamSummary(
                        b -> b.streamName(streamName)).streamDescriptionSummary().streamStatusAsString().equals("ACTIVE"));
                for (int i = 40; i < 80; i++) {
                    putKeyed(kinesis, streamName, i);
                }
            } finally {
                st.execute("select pg_advisory_unlock(" + lock + ")");
            }
        }
        Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> FirehoseTestService.jdbc().queryForObject(
                "select coalesce(sum(records - taken), 0) from buffered_batch where stream_id = ?", Long.class, id) == 80);
        assertThat(FirehoseTestService.jdbc().queryForObject("select sequence_number from source_checkpoint "
                + "where stream_id = ? and shard_id = 'shardId-000000000000'", String.class, id)).isEqualTo("SHARD_END");
        FirehoseTestService.advanceClock(Duration.ofSeconds(901));
        S3Reads.awaitObjects(bucket, 1);
        List<String> lines = lines(bucket);
        assertThat(lines).hasSize(80).doesNotHaveDuplicates();
        Map<String, List<Integer>> perKey = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.split(":");
            perKey.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        assertThat(perKey).hasSize(8);
        perKey.values().forEach(order -> assertThat(order).isSorted().hasSize(10));
    }

    /** A Kinesis stream and the delivery stream that reads it into a bucket of its own. */
    private record Source(String stream, String streamArn, String bucket, String deliveryStream) {
    }

    /** A stream of {@code shards} shards and a delivery stream reading it, buffering {@code interval} seconds. */
    private static Source source(String prefix, int shards, int interval) {
        KinesisClient kinesis = FirehoseTestService.kinesis();
        String stream = FirehoseTestService.name(prefix);
        kinesis.createStream(b -> b.streamName(stream).shardCount(shards));
        String streamArn = kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();
        String bucket = FirehoseTestService.bucket();
        String name = FirehoseTestService.name(prefix);
        FirehoseTestService.client().createDeliveryStream(b -> b.deliveryStreamName(name)
                .deliveryStreamType(DeliveryStreamType.KINESIS_STREAM_AS_SOURCE)
                .kinesisStreamSourceConfiguration(k -> k.kinesisStreamARN(streamArn).roleARN(ROLE))
                .extendedS3DestinationConfiguration(d -> d.bucketARN(bucket).roleARN(ROLE)
                        .bufferingHints(h -> h.intervalInSeconds(interval))));
        return new Source(stream, streamArn, bucket, name);
    }

    /** Record {@code i} under partition key {@code k<i mod 8>}: {@code k<n>:<i>}. */
    private static void putKeyed(KinesisClient kinesis, String stream, int i) {
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k" + i % 8)
                .data(SdkBytes.fromUtf8String("k" + i % 8 + ":" + i + "\n")));
    }
}
