package dev.overcast.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.time.SuiteClock;
import dev.overcast.kinesis.stream.DeletedStreams;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.*;

/** Stream lifecycle and shards, with the SDK in CBOR (its default) and in JSON 1.1. */
class StreamTest {

    static final BigInteger MAX_HASH = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void createDescribeAndDeleteAProvisionedStream(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String name = KinesisTestService.streamName();
            Instant before = Instant.now().minusSeconds(1);
            kinesis.createStream(b -> b.streamName(name).shardCount(3));
            StreamDescription d = kinesis.describeStream(b -> b.streamName(name)).streamDescription();
            assertThat(d.streamName()).isEqualTo(name);
            assertThat(d.streamARN()).isEqualTo("arn:aws:kinesis:us-east-1:000000000000:stream/" + name);
            assertThat(d.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
            assertThat(d.streamModeDetails().streamMode()).isEqualTo(StreamMode.PROVISIONED);
            assertThat(d.retentionPeriodHours()).isEqualTo(24);
            assertThat(d.encryptionType()).isEqualTo(EncryptionType.NONE);
            assertThat(d.hasMoreShards()).isFalse();
            assertThat(d.streamCreationTimestamp()).isAfter(before);
            assertThat(d.shards()).extracting(Shard::shardId)
                    .containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
            // the hash-key ranges partition 0 … 2^128-1 evenly, as AWS splits them
            assertThat(d.shards().get(0).hashKeyRange().startingHashKey()).isEqualTo("0");
            assertThat(d.shards().get(0).hashKeyRange().endingHashKey()).isEqualTo("113427455640312821154458202477256070484");
            assertThat(d.shards().get(1).hashKeyRange().startingHashKey()).isEqualTo("113427455640312821154458202477256070485");
            assertThat(d.shards().get(2).hashKeyRange().endingHashKey()).isEqualTo(MAX_HASH.toString());
            for (int i = 1; i < 3; i++) {
                assertThat(new BigInteger(d.shards().get(i).hashKeyRange().startingHashKey()))
                        .isEqualTo(new BigInteger(d.shards().get(i - 1).hashKeyRange().endingHashKey()).add(BigInteger.ONE));
            }
            assertThat(d.shards()).allSatisfy(s -> {
                assertThat(s.sequenceNumberRange().startingSequenceNumber()).hasSize(56);
                assertThat(s.sequenceNumberRange().endingSequenceNumber()).isNull();
                assertThat(s.parentShardId()).isNull();
            });

            StreamDescriptionSummary summary = kinesis.describeStreamSummary(b -> b.streamARN(d.streamARN()))
                    .streamDescriptionSummary();
            assertThat(summary.openShardCount()).isEqualTo(3);
            assertThat(summary.consumerCount()).isZero();
            assertThat(summary.streamName()).isEqualTo(name);

            kinesis.deleteStream(b -> b.streamName(name).enforceConsumerDeletion(true));
            assertThatThrownBy(() -> kinesis.describeStream(b -> b.streamName(name)))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageStartingWith("Stream " + name + " under account 000000000000 not found.");
        }
    }

    /**
     * A deleted stream is DELETING for the status delay (none in the test service, so the test holds it there in the
     * database): records still go in and out, changes are refused; then it is gone, and its name can be taken again.
     */
    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void aDeletedStreamIsDeletingThenGone(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String name = KinesisTestService.createStream(kinesis, 1);
            kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("before")));
            Instant now = KinesisTestService.bean(SuiteClock.class).now();
            KinesisTestService.jdbc().update("update kinesis.stream set pending_status = 'DELETING', ready_at = ? where name = ?",
                    Timestamp.from(now.plusSeconds(3600)), name);

            assertThat(kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamStatus())
                    .isEqualTo(StreamStatus.DELETING);
            assertThat(kinesis.listStreams(b -> b.limit(100)).streamSummaries())
                    .filteredOn(s -> s.streamName().equals(name)).singleElement()
                    .satisfies(s -> assertThat(s.streamStatus()).isEqualTo(StreamStatus.DELETING));
            kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("while deleting")));
            assertThatThrownBy(() -> kinesis.deleteStream(b -> b.streamName(name)))
                    .isInstanceOf(ResourceInUseException.class)
                    .hasMessageStartingWith("Stream " + name + " under account 000000000000 not ACTIVE, instead in state DELETING");
            assertThatThrownBy(() -> kinesis.updateShardCount(b -> b.streamName(name).targetShardCount(2)
                    .scalingType(ScalingType.UNIFORM_SCALING))).isInstanceOf(ResourceInUseException.class);
            assertThatThrownBy(() -> kinesis.createStream(b -> b.streamName(name).shardCount(1)))
                    .isInstanceOf(ResourceInUseException.class);

            // the DELETING phase ends: gone to every action, and out of the listing
            KinesisTestService.jdbc().update("update kinesis.stream set ready_at = ? where name = ?",
                    Timestamp.from(now.minusSeconds(1)), name);
            assertThatThrownBy(() -> kinesis.describeStreamSummary(b -> b.streamName(name)))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageStartingWith("Stream " + name + " under account 000000000000 not found.");
            assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(name).partitionKey("k")
                    .data(SdkBytes.fromUtf8String("after")))).isInstanceOf(ResourceNotFoundException.class);
            assertThat(kinesis.listStreams(b -> b.limit(100)).streamNames()).doesNotContain(name);

            // the name is free again, for a new stream without the old one's records
            kinesis.createStream(b -> b.streamName(name).shardCount(1));
            String iterator = kinesis.getShardIterator(b -> b.streamName(name).shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            assertThat(kinesis.getRecords(b -> b.shardIterator(iterator)).records()).isEmpty();

            // with no status delay, DeleteStream's DELETING phase is over at once; the purge then removes the rows
            kinesis.deleteStream(b -> b.streamName(name));
            assertThatThrownBy(() -> kinesis.describeStream(b -> b.streamName(name))).isInstanceOf(ResourceNotFoundException.class);
            KinesisTestService.bean(DeletedStreams.class).purge();
            assertThat(KinesisTestService.jdbc().queryForObject("select count(*) from kinesis.stream where name = ?",
                    Integer.class, name)).isZero();
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void onDemandStreamsStartWithFourShards(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String name = KinesisTestService.streamName();
            kinesis.createStream(b -> b.streamName(name).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
            StreamDescriptionSummary s = kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
            assertThat(s.streamModeDetails().streamMode()).isEqualTo(StreamMode.ON_DEMAND);
            assertThat(s.openShardCount()).isEqualTo(4);
            assertThat(kinesis.describeLimits(b -> { }).onDemandStreamCount()).isPositive();
            assertThatThrownBy(() -> kinesis.createStream(b -> b.streamName(KinesisTestService.streamName()).shardCount(2)
                    .streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND))))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("ShardCount is not expected when StreamMode=ON_DEMAND");
            kinesis.deleteStream(b -> b.streamName(name));
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void createStreamErrors(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String name = KinesisTestService.createStream(kinesis, 1);
            assertThatThrownBy(() -> kinesis.createStream(b -> b.streamName(name).shardCount(1)))
                    .isInstanceOf(ResourceInUseException.class)
                    .hasMessageStartingWith("Stream " + name + " under account 000000000000 already exists.");
            assertThatThrownBy(() -> kinesis.createStream(b -> b.streamName("bad name").shardCount(1)))
                    .isInstanceOf(KinesisException.class)
                    .hasMessageStartingWith("1 validation error detected: Value 'bad name' at 'streamName' failed to satisfy "
                            + "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
                    .satisfies(e -> assertThat(((KinesisException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
            assertThatThrownBy(() -> kinesis.createStream(b -> b.shardCount(1)))
                    .hasMessageStartingWith("1 validation error detected: Value null at 'streamName' failed to satisfy "
                            + "constraint: Member must not be null");
            assertThatThrownBy(() -> kinesis.createStream(b -> b.streamName("x".repeat(129)).shardCount(0)))
                    .hasMessageStartingWith("2 validation errors detected: Value '" + "x".repeat(129) + "' at 'streamName' failed "
                            + "to satisfy constraint: Member must have length less than or equal to 128; Value '0' at 'shardCount' "
                            + "failed to satisfy constraint: Member must have value greater than or equal to 1");
            assertThatThrownBy(() -> kinesis.createStream(b -> b.streamName(KinesisTestService.streamName()).shardCount(0)))
                    .hasMessageStartingWith("1 validation error detected: Value '0' at 'shardCount' failed to satisfy "
                            + "constraint: Member must have value greater than or equal to 1");
            assertThatThrownBy(() -> kinesis.createStream(b -> b.streamName(KinesisTestService.streamName()).shardCount(100_000)))
                    .isInstanceOf(LimitExceededException.class)
                    .hasMessageContaining("This request would exceed the shard limit for the account 000000000000 in us-east-1.")
                    .hasMessageContaining("Limit: 500. Number of additional shards that would have resulted from this request: 100000.");
            kinesis.deleteStream(b -> b.streamName(name));
            assertThatThrownBy(() -> kinesis.deleteStream(b -> b.streamName(name)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void streamsAreKeyedByAccountAndRegion(boolean cbor) {
        try (KinesisClient a = KinesisTestService.client(cbor);
             KinesisClient b = KinesisTestService.client(cbor, "111111111111", "us-east-1");
             KinesisClient c = KinesisTestService.client(cbor, "000000000000", "eu-west-1")) {
            String name = KinesisTestService.createStream(a, 1);
            assertThatThrownBy(() -> b.describeStreamSummary(r -> r.streamName(name)))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageStartingWith("Stream " + name + " under account 111111111111 not found.");
            assertThatThrownBy(() -> c.describeStreamSummary(r -> r.streamName(name))).isInstanceOf(ResourceNotFoundException.class);
            b.createStream(r -> r.streamName(name).shardCount(1));
            assertThat(b.describeStreamSummary(r -> r.streamName(name)).streamDescriptionSummary().streamARN())
                    .isEqualTo("arn:aws:kinesis:us-east-1:111111111111:stream/" + name);
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void listStreamsPages(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor, "222222222222", cbor ? "ap-south-1" : "ap-south-2")) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                names.add(KinesisTestService.createStream(kinesis, 1));
            }
            names.sort(null);
            ListStreamsResponse first = kinesis.listStreams(b -> b.limit(2));
            assertThat(first.streamNames()).containsExactlyElementsOf(names.subList(0, 2));
            assertThat(first.hasMoreStreams()).isTrue();
            assertThat(first.streamSummaries()).extracting(StreamSummary::streamName).containsExactlyElementsOf(names.subList(0, 2));
            assertThat(first.streamSummaries().get(0).streamStatus()).isEqualTo(StreamStatus.ACTIVE);
            assertThat(first.streamSummaries().get(0).streamARN()).endsWith(":222222222222:stream/" + names.get(0));
            ListStreamsResponse second = kinesis.listStreams(b -> b.limit(2).nextToken(first.nextToken()));
            assertThat(second.streamNames()).containsExactlyElementsOf(names.subList(2, 4));
            ListStreamsResponse last = kinesis.listStreams(b -> b.exclusiveStartStreamName(names.get(3)));
            assertThat(last.streamNames()).containsExactly(names.get(4));
            assertThat(last.hasMoreStreams()).isFalse();
            assertThat(last.nextToken()).isNull();
            assertThat(kinesis.listStreamsPaginator(b -> b.limit(2)).streamNames()).containsExactlyElementsOf(names);
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void describeStreamAndListShardsPage(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String name = KinesisTestService.createStream(kinesis, 5);
            StreamDescription page = kinesis.describeStream(b -> b.streamName(name).limit(2)).streamDescription();
            assertThat(page.shards()).extracting(Shard::shardId).containsExactly("shardId-000000000000", "shardId-000000000001");
            assertThat(page.hasMoreShards()).isTrue();
            StreamDescription rest = kinesis.describeStream(b -> b.streamName(name).exclusiveStartShardId("shardId-000000000001"))
                    .streamDescription();
            assertThat(rest.shards()).extracting(Shard::shardId)
                    .containsExactly("shardId-000000000002", "shardId-000000000003", "shardId-000000000004");
            assertThat(rest.hasMoreShards()).isFalse();

            ListShardsResponse first = kinesis.listShards(b -> b.streamName(name).maxResults(3));
            assertThat(first.shards()).hasSize(3);
            assertThat(first.nextToken()).isNotNull();
            ListShardsResponse second = kinesis.listShards(b -> b.nextToken(first.nextToken()));
            assertThat(second.shards()).extracting(Shard::shardId).containsExactly("shardId-000000000003", "shardId-000000000004");
            assertThat(second.nextToken()).isNull();
            assertThatThrownBy(() -> kinesis.listShards(b -> b.nextToken(first.nextToken()).streamName(name)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("NextToken and StreamName cannot be provided together.");
            assertThatThrownBy(() -> kinesis.listShards(b -> b.nextToken("not-a-token")))
                    .isInstanceOf(InvalidArgumentException.class);
            // StreamCreationTimestamp tells a stream from an earlier one of the same name (a timestamp in the request)
            Instant created = page.streamCreationTimestamp();
            assertThat(kinesis.listShards(b -> b.streamName(name).streamCreationTimestamp(created)).shards()).hasSize(5);
            assertThatThrownBy(() -> kinesis.listShards(b -> b.streamName(name).streamCreationTimestamp(created.minusSeconds(1))))
                    .isInstanceOf(ResourceNotFoundException.class);
            String arn = page.streamARN();
            assertThat(kinesis.listShards(b -> b.streamARN(arn).exclusiveStartShardId("shardId-000000000003")).shards())
                    .extracting(Shard::shardId).containsExactly("shardId-000000000004");
            for (ShardFilterType type : List.of(ShardFilterType.AT_LATEST, ShardFilterType.AT_TRIM_HORIZON,
                    ShardFilterType.FROM_TRIM_HORIZON)) {
                assertThat(kinesis.listShards(b -> b.streamName(name).shardFilter(f -> f.type(type))).shards()).hasSize(5);
            }
            assertThat(kinesis.listShards(b -> b.streamName(name).shardFilter(f -> f.type(ShardFilterType.AFTER_SHARD_ID)
                    .shardId("shardId-000000000002"))).shards()).hasSize(2);
            assertThat(kinesis.listShards(b -> b.streamName(name).shardFilter(f -> f.type(ShardFilterType.AT_TIMESTAMP)
                    .timestamp(Instant.now()))).shards()).hasSize(5);
            assertThatThrownBy(() -> kinesis.listShards(b -> b.streamName("nope-" + name)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void retentionPeriodIncreasesAndDecreasesWithinLimits(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String name = KinesisTestService.createStream(kinesis, 1);
            kinesis.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(48));
            assertThat(kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().retentionPeriodHours())
                    .isEqualTo(48);
            assertThatThrownBy(() -> kinesis.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(36)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("Requested retention period (36 hours) for stream " + name
                            + " can not be shorter than existing retention period (48 hours). Use DecreaseRetentionPeriod API.");
            assertThatThrownBy(() -> kinesis.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(8761)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.");
            assertThatThrownBy(() -> kinesis.decreaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(23)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short.");
            assertThatThrownBy(() -> kinesis.decreaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(72)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("Requested retention period (72 hours) for stream " + name
                            + " can not be longer than existing retention period (48 hours). Use IncreaseRetentionPeriod API.");
            kinesis.decreaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(24));
            kinesis.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(8760));
            assertThat(kinesis.describeStream(b -> b.streamName(name)).streamDescription().retentionPeriodHours()).isEqualTo(8760);
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void describeLimitsCountsOpenShards(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor, "333333333333", cbor ? "sa-east-1" : "ca-central-1")) {
            KinesisTestService.createStream(kinesis, 2);
            KinesisTestService.createStream(kinesis, 3);
            DescribeLimitsResponse limits = kinesis.describeLimits(b -> { });
            assertThat(limits.shardLimit()).isEqualTo(500);
            assertThat(limits.openShardCount()).isEqualTo(5);
            assertThat(limits.onDemandStreamCount()).isZero();
            assertThat(limits.onDemandStreamCountLimit()).isEqualTo(50);
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void streamArnStandsForTheName(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String name = KinesisTestService.createStream(kinesis, 1);
            String arn = "arn:aws:kinesis:us-east-1:000000000000:stream/" + name;
            assertThat(kinesis.describeStream(b -> b.streamARN(arn)).streamDescription().streamName()).isEqualTo(name);
            kinesis.increaseStreamRetentionPeriod(b -> b.streamARN(arn).retentionPeriodHours(30));
            assertThat(kinesis.describeStreamSummary(b -> b.streamARN(arn).streamName(name)).streamDescriptionSummary()
                    .retentionPeriodHours()).isEqualTo(30);
            assertThatThrownBy(() -> kinesis.describeStreamSummary(b -> b.streamARN(arn + "x")))
                    .isInstanceOf(ResourceNotFoundException.class);
            kinesis.deleteStream(b -> b.streamARN(arn));
            assertThatThrownBy(() -> kinesis.describeStreamSummary(b -> b.streamName(name))).isInstanceOf(ResourceNotFoundException.class);
        }
    }
}
