package dev.overcast.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.kinesis.resharding.OnDemandScaling;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.*;

/** Capacity: UpdateStreamMode, UpdateShardCount's limits, ON_DEMAND streams scaling themselves, UpdateMaxRecordSize. */
class CapacityTest {

    static String arn(String name) {
        return "arn:aws:kinesis:us-east-1:000000000000:stream/" + name;
    }

    /** Holds the stream UPDATING (as for a status delay the test service does not have). */
    static void updating(String name) {
        KinesisTestService.jdbc().update("update kinesis.stream set pending_status = 'UPDATING',"
                + " ready_at = now() + interval '1 hour' where name = ?", name);
    }

    static void active(String name) {
        KinesisTestService.jdbc().update("update kinesis.stream set ready_at = now() where name = ?", name);
    }

    static void switchTo(KinesisClient kinesis, String name, StreamMode mode) {
        kinesis.updateStreamMode(b -> b.streamARN(arn(name)).streamModeDetails(m -> m.streamMode(mode)));
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void updateStreamModeSwitchesKeepingTheShardsAtMostTwiceADay(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String name = KinesisTestService.createStream(kinesis, 2);
            switchTo(kinesis, name, StreamMode.ON_DEMAND);
            StreamDescriptionSummary s = kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
            assertThat(s.streamModeDetails().streamMode()).isEqualTo(StreamMode.ON_DEMAND);
            assertThat(s.openShardCount()).isEqualTo(2);
            assertThat(kinesis.describeLimits().onDemandStreamCount()).isPositive();
            // an ON_DEMAND stream is not resharded by hand
            assertThatThrownBy(() -> kinesis.updateShardCount(b -> b.streamName(name).targetShardCount(4)
                    .scalingType(ScalingType.UNIFORM_SCALING)))
                    .isInstanceOf(KinesisException.class)
                    .hasMessageStartingWith("Request is invalid. Stream " + name + " under account 000000000000 is in On-Demand mode.");
            assertThatThrownBy(() -> switchTo(kinesis, name, StreamMode.ON_DEMAND)).isInstanceOf(InvalidArgumentException.class);

            // while the stream is UPDATING (the switch's status delay), no other switch
            updating(name);
            assertThatThrownBy(() -> switchTo(kinesis, name, StreamMode.PROVISIONED))
                    .isInstanceOf(ResourceInUseException.class)
                    .hasMessageStartingWith("Stream " + name + " under account 000000000000 not ACTIVE, instead in state UPDATING");
            active(name);
            switchTo(kinesis, name, StreamMode.PROVISIONED);
            assertThat(kinesis.describeStream(b -> b.streamName(name)).streamDescription().streamModeDetails().streamMode())
                    .isEqualTo(StreamMode.PROVISIONED);
            // twice in a rolling 24 hours, no more
            assertThatThrownBy(() -> switchTo(kinesis, name, StreamMode.ON_DEMAND))
                    .isInstanceOf(LimitExceededException.class)
                    .hasMessageContaining("at most 2 times in a rolling 24-hour period");
            assertThat(kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamModeDetails()
                    .streamMode()).isEqualTo(StreamMode.PROVISIONED);
            // a PROVISIONED stream again: resharded by hand
            kinesis.updateShardCount(b -> b.streamName(name).targetShardCount(3).scalingType(ScalingType.UNIFORM_SCALING));

            assertThatThrownBy(() -> kinesis.updateStreamMode(b -> b.streamARN(arn(name))))
                    .isInstanceOf(KinesisException.class)
                    .hasMessageContaining("Value null at 'streamModeDetails' failed to satisfy constraint: Member must not be null");
            assertThatThrownBy(() -> kinesis.updateStreamMode(b -> b.streamARN(arn("nope-" + name))
                    .streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND))))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void updateShardCountScalesAtMostTenTimesADay() {
        try (KinesisClient kinesis = KinesisTestService.client()) {
            String name = KinesisTestService.createStream(kinesis, 1);
            for (int i = 0; i < 10; i++) {
                int target = i % 2 == 0 ? 2 : 1;
                kinesis.updateShardCount(b -> b.streamName(name).targetShardCount(target).scalingType(ScalingType.UNIFORM_SCALING));
            }
            assertThatThrownBy(() -> kinesis.updateShardCount(b -> b.streamName(name).targetShardCount(2)
                    .scalingType(ScalingType.UNIFORM_SCALING)))
                    .isInstanceOf(LimitExceededException.class)
                    .hasMessageStartingWith("UpdateShardCount cannot be called more than 10 times in a rolling 24-hour period"
                            + " for stream " + name);
            assertThat(kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().openShardCount()).isEqualTo(1);
        }
    }

    @Test
    void anOnDemandStreamSplitsAShardUnderSustainedWriteLoad() throws InterruptedException {
        try (KinesisClient kinesis = KinesisTestService.client()) {
            String name = KinesisTestService.streamName();
            kinesis.createStream(b -> b.streamName(name).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
            OnDemandScaling scaling = KinesisTestService.bean(OnDemandScaling.class);
            scaling.scale();
            assertThat(kinesis.listShards(b -> b.streamName(name)).shards()).hasSize(4);
            // 8 MB into shard 0 within the test service's 10-second window: over half of a shard's 1 MiB/s
            List<PutRecordsRequestEntry> batch = IntStream.range(0, 500).mapToObj(i -> PutRecordsRequestEntry.builder()
                    .partitionKey("k" + i).explicitHashKey("0").data(SdkBytes.fromByteArray(new byte[4000])).build()).toList();
            for (int i = 0; i < 4; i++) {
                assertThat(kinesis.putRecords(b -> b.streamName(name).records(batch)).failedRecordCount()).isZero();
            }
            // the service's own scheduled round may hold the scaling lock at this moment (the explicit round then
            // skips) or do the split itself: either way the split happens within a few rounds
            for (int round = 0; round < 50 && kinesis.listShards(b -> b.streamName(name)).shards().size() < 6; round++) {
                scaling.scale();
                Thread.sleep(100);
            }
            List<Shard> shards = kinesis.listShards(b -> b.streamName(name)).shards();
            assertThat(shards).hasSize(6);
            assertThat(shards.get(0).sequenceNumberRange().endingSequenceNumber()).as("shard 0 closed").isNotNull();
            assertThat(shards.subList(4, 6)).allSatisfy(c -> assertThat(c.parentShardId()).isEqualTo("shardId-000000000000"));
            // the quiet shards stay as they are, and the records go on to the children
            assertThat(shards.subList(1, 4)).allSatisfy(o -> assertThat(o.sequenceNumberRange().endingSequenceNumber()).isNull());
            assertThat(kinesis.putRecord(b -> b.streamName(name).partitionKey("k").explicitHashKey("0")
                    .data(SdkBytes.fromUtf8String("after"))).shardId()).isEqualTo(shards.get(4).shardId());
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void updateMaxRecordSizeLetsLargerRecordsIn(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String name = KinesisTestService.createStream(kinesis, 1);
            SdkBytes twoMib = SdkBytes.fromByteArray(new byte[2 * 1024 * 1024]);
            assertThat(kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().maxRecordSizeInKiB())
                    .isEqualTo(1024);
            assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(twoMib)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("Record size (2097153 bytes) exceeds the maximum record size of 1048576 bytes");
            assertThatThrownBy(() -> kinesis.updateMaxRecordSize(b -> b.streamARN(arn(name)).maxRecordSizeInKiB(100)))
                    .hasMessageContaining("Member must have value greater than or equal to 1024");
            kinesis.updateMaxRecordSize(b -> b.streamARN(arn(name)).maxRecordSizeInKiB(4096));
            assertThat(kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().maxRecordSizeInKiB())
                    .isEqualTo(4096);
            String seq = kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(twoMib)).sequenceNumber();
            String it = kinesis.getShardIterator(b -> b.streamName(name).shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(seq)).shardIterator();
            assertThat(kinesis.getRecords(b -> b.shardIterator(it)).records().get(0).data().asByteArray()).hasSize(2 * 1024 * 1024);

            String created = KinesisTestService.streamName();
            kinesis.createStream(b -> b.streamName(created).shardCount(1).maxRecordSizeInKiB(10240));
            assertThat(kinesis.describeStreamSummary(b -> b.streamName(created)).streamDescriptionSummary().maxRecordSizeInKiB())
                    .isEqualTo(10240);
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void actionsOfTheModelNotServedAnswerUnknownOperation(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String name = KinesisTestService.createStream(kinesis, 1);
            assertThatThrownBy(() -> kinesis.describeAccountSettings(b -> { }))
                    .isInstanceOf(KinesisException.class)
                    .hasMessageStartingWith("The action DescribeAccountSettings is not implemented by Overcast yet")
                    .satisfies(e -> assertThat(((KinesisException) e).awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException"));
            assertThatThrownBy(() -> kinesis.updateStreamWarmThroughput(b -> b.streamName(name).warmThroughputMiBps(10)))
                    .isInstanceOf(KinesisException.class)
                    .hasMessageStartingWith("The action UpdateStreamWarmThroughput is not implemented by Overcast yet");
            assertThat(kinesis.describeStream(b -> b.streamName(name)).streamDescription().shards()).hasSize(1);
        }
    }
}
