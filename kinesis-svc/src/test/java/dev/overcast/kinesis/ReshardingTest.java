package dev.overcast.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.*;
import software.amazon.awssdk.services.kinesis.model.Record;

/** SplitShard, MergeShards and UpdateShardCount, and reading across them, with the SDK in CBOR and in JSON 1.1. */
class ReshardingTest {

    static final BigInteger MAX_HASH = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    static final BigInteger HALF = BigInteger.ONE.shiftLeft(127);

    static List<Shard> shards(KinesisClient kinesis, String stream) {
        return kinesis.listShards(b -> b.streamName(stream)).shards();
    }

    static String put(KinesisClient kinesis, String stream, BigInteger hashKey, String data) {
        return kinesis.putRecord(b -> b.streamName(stream).partitionKey("pk").explicitHashKey(hashKey.toString())
                .data(SdkBytes.fromUtf8String(data))).shardId();
    }

    static String iterator(KinesisClient kinesis, String stream, String shard, ShardIteratorType type) {
        return kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard).shardIteratorType(type)).shardIterator();
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void splitShardClosesTheParentAndOpensTwoChildren(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            put(kinesis, stream, BigInteger.ONE, "before-1");
            put(kinesis, stream, MAX_HASH, "before-2");
            kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000").newStartingHashKey(HALF.toString()));

            List<Shard> shards = shards(kinesis, stream);
            assertThat(shards).extracting(Shard::shardId)
                    .containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
            Shard parent = shards.get(0);
            assertThat(parent.sequenceNumberRange().endingSequenceNumber()).hasSize(56);
            assertThat(shards.get(1).parentShardId()).isEqualTo(parent.shardId());
            assertThat(shards.get(1).adjacentParentShardId()).isNull();
            assertThat(shards.get(1).hashKeyRange().startingHashKey()).isEqualTo("0");
            assertThat(shards.get(1).hashKeyRange().endingHashKey()).isEqualTo(HALF.subtract(BigInteger.ONE).toString());
            assertThat(shards.get(2).parentShardId()).isEqualTo(parent.shardId());
            assertThat(shards.get(2).hashKeyRange().startingHashKey()).isEqualTo(HALF.toString());
            assertThat(shards.get(2).hashKeyRange().endingHashKey()).isEqualTo(MAX_HASH.toString());
            assertThat(shards.subList(1, 3)).allSatisfy(s -> {
                assertThat(s.sequenceNumberRange().endingSequenceNumber()).isNull();
                // a child's sequence numbers follow its parent's
                assertThat(new BigInteger(s.sequenceNumberRange().startingSequenceNumber().substring(2, 22)))
                        .isGreaterThanOrEqualTo(new BigInteger(parent.sequenceNumberRange().endingSequenceNumber().substring(2, 22)));
            });
            assertThat(kinesis.describeStream(b -> b.streamName(stream)).streamDescription().shards().get(0)
                    .sequenceNumberRange().endingSequenceNumber()).isEqualTo(parent.sequenceNumberRange().endingSequenceNumber());
            StreamDescriptionSummary summary = kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary();
            assertThat(summary.openShardCount()).isEqualTo(2);
            assertThat(summary.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
            assertThat(kinesis.listShards(b -> b.streamName(stream).shardFilter(f -> f.type(ShardFilterType.AT_LATEST))).shards())
                    .extracting(Shard::shardId).containsExactly("shardId-000000000001", "shardId-000000000002");
            assertThat(kinesis.listShards(b -> b.streamName(stream).shardFilter(f -> f.type(ShardFilterType.AT_TRIM_HORIZON))).shards())
                    .extracting(Shard::shardId).containsExactly("shardId-000000000000");
            assertThat(kinesis.listShards(b -> b.streamName(stream).shardFilter(f -> f.type(ShardFilterType.FROM_TRIM_HORIZON))).shards())
                    .hasSize(3);
            assertThat(kinesis.listShards(b -> b.streamName(stream).shardFilter(f -> f.type(ShardFilterType.AFTER_SHARD_ID)
                    .shardId(parent.shardId()))).shards())
                    .extracting(Shard::shardId).containsExactly("shardId-000000000001", "shardId-000000000002");

            // new records go to the children, never to the closed parent
            assertThat(put(kinesis, stream, BigInteger.ONE, "after-1")).isEqualTo("shardId-000000000001");
            assertThat(put(kinesis, stream, MAX_HASH, "after-2")).isEqualTo("shardId-000000000002");

            // the parent still gives its records, then no iterator and its children
            GetRecordsResponse rest = kinesis.getRecords(b -> b.shardIterator(
                    iterator(kinesis, stream, parent.shardId(), ShardIteratorType.TRIM_HORIZON)));
            assertThat(rest.records()).extracting(r -> r.data().asUtf8String()).containsExactly("before-1", "before-2");
            assertThat(rest.nextShardIterator()).isNull();
            assertThat(rest.childShards()).extracting(ChildShard::shardId)
                    .containsExactly("shardId-000000000001", "shardId-000000000002");
            assertThat(rest.childShards()).allSatisfy(c -> assertThat(c.parentShards()).containsExactly(parent.shardId()));
            assertThat(rest.childShards().get(1).hashKeyRange().startingHashKey()).isEqualTo(HALF.toString());

            // read in pages, the last page ends the shard
            GetRecordsResponse first = kinesis.getRecords(b -> b.shardIterator(
                    iterator(kinesis, stream, parent.shardId(), ShardIteratorType.TRIM_HORIZON)).limit(1));
            assertThat(first.records()).hasSize(1);
            assertThat(first.nextShardIterator()).isNotNull();
            assertThat(first.hasChildShards()).isFalse();
            GetRecordsResponse second = kinesis.getRecords(b -> b.shardIterator(first.nextShardIterator()).limit(1));
            assertThat(second.records()).extracting(r -> r.data().asUtf8String()).containsExactly("before-2");
            assertThat(second.nextShardIterator()).isNull();
            assertThat(second.childShards()).hasSize(2);

            GetRecordsResponse latest = kinesis.getRecords(b -> b.shardIterator(
                    iterator(kinesis, stream, parent.shardId(), ShardIteratorType.LATEST)));
            assertThat(latest.records()).isEmpty();
            assertThat(latest.nextShardIterator()).isNull();
            assertThat(latest.childShards()).hasSize(2);

            GetRecordsResponse child = kinesis.getRecords(b -> b.shardIterator(
                    iterator(kinesis, stream, "shardId-000000000001", ShardIteratorType.TRIM_HORIZON)));
            assertThat(child.records()).extracting(r -> r.data().asUtf8String()).containsExactly("after-1");
            assertThat(child.nextShardIterator()).isNotNull();
            assertThat(child.hasChildShards()).isFalse();
            kinesis.deleteStream(b -> b.streamName(stream));
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void splitShardErrors(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            assertThatThrownBy(() -> kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000")
                    .newStartingHashKey("1")))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000000 in stream "
                            + stream + " under account 000000000000 is not both greater than one plus the shard's "
                            + "StartingHashKey 0 and less than the shard's EndingHashKey " + MAX_HASH + ".");
            assertThatThrownBy(() -> kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000")
                    .newStartingHashKey(MAX_HASH.toString())))
                    .isInstanceOf(InvalidArgumentException.class);
            assertThatThrownBy(() -> kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000007")
                    .newStartingHashKey(HALF.toString())))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageStartingWith("Could not find shard shardId-000000000007 in stream " + stream
                            + " under account 000000000000.");
            assertThatThrownBy(() -> kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000")
                    .newStartingHashKey("-5")))
                    .hasMessageStartingWith("1 validation error detected: Value '-5' at 'newStartingHashKey' failed to satisfy "
                            + "constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})");
            assertThatThrownBy(() -> kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000")))
                    .hasMessageStartingWith("1 validation error detected: Value null at 'newStartingHashKey' failed to satisfy "
                            + "constraint: Member must not be null");
            kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000").newStartingHashKey(HALF.toString()));
            assertThatThrownBy(() -> kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000")
                    .newStartingHashKey(HALF.toString())))
                    .isInstanceOf(ResourceInUseException.class)
                    .hasMessageStartingWith("Shard shardId-000000000000 in stream " + stream + " under account 000000000000 "
                            + "has already been merged or split, and thus is not eligible for merging or splitting.");

            // the stream is UPDATING for the status delay (none in this test service): held there, it refuses reshardings
            assertThat(KinesisTestService.jdbc().queryForObject("select pending_status from kinesis.stream where name = ?",
                    String.class, stream)).isEqualTo("UPDATING");
            KinesisTestService.jdbc().update("update kinesis.stream set ready_at = now() + interval '1 hour' where name = ?", stream);
            assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus())
                    .isEqualTo(StreamStatus.UPDATING);
            assertThatThrownBy(() -> kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000001")
                    .newStartingHashKey("100")))
                    .isInstanceOf(ResourceInUseException.class)
                    .hasMessageStartingWith("Stream " + stream + " under account 000000000000 not ACTIVE, instead in state UPDATING");
            assertThatThrownBy(() -> kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(3)
                    .scalingType(ScalingType.UNIFORM_SCALING)))
                    .isInstanceOf(ResourceInUseException.class);
            // records still go in and out while UPDATING, as on AWS
            assertThat(put(kinesis, stream, BigInteger.TEN, "x")).isEqualTo("shardId-000000000001");
            // nor is an UPDATING stream deleted: only an ACTIVE one, as AWS documents
            assertThatThrownBy(() -> kinesis.deleteStream(b -> b.streamName(stream)))
                    .isInstanceOf(ResourceInUseException.class)
                    .hasMessageStartingWith("Stream " + stream + " under account 000000000000 not ACTIVE, instead in state UPDATING");
            KinesisTestService.jdbc().update("update kinesis.stream set ready_at = now() - interval '1 second' where name = ?", stream);
            kinesis.deleteStream(b -> b.streamName(stream));

            String onDemand = KinesisTestService.streamName();
            kinesis.createStream(b -> b.streamName(onDemand).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
            assertThatThrownBy(() -> kinesis.splitShard(b -> b.streamName(onDemand).shardToSplit("shardId-000000000000")
                    .newStartingHashKey("100")))
                    .isInstanceOf(KinesisException.class)
                    .hasMessageStartingWith("Request is invalid. Stream " + onDemand + " under account 000000000000 is in On-Demand mode.")
                    .satisfies(e -> assertThat(((KinesisException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
            kinesis.deleteStream(b -> b.streamName(onDemand));
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void mergeShardsJoinsAdjacentShards(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 3);
            List<Shard> before = shards(kinesis, stream);
            assertThatThrownBy(() -> kinesis.mergeShards(b -> b.streamName(stream).shardToMerge("shardId-000000000000")
                    .adjacentShardToMerge("shardId-000000000002")))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("Shards shardId-000000000000 and shardId-000000000002 in stream " + stream
                            + " under account 000000000000 are not an adjacent pair of shards eligible for merging");
            assertThatThrownBy(() -> kinesis.mergeShards(b -> b.streamName(stream).shardToMerge("shardId-000000000001")
                    .adjacentShardToMerge("shardId-000000000001")))
                    .isInstanceOf(InvalidArgumentException.class);
            assertThatThrownBy(() -> kinesis.mergeShards(b -> b.streamName(stream).shardToMerge("shardId-000000000001")
                    .adjacentShardToMerge("shardId-000000000009")))
                    .isInstanceOf(ResourceNotFoundException.class);
            put(kinesis, stream, BigInteger.ZERO, "in-0");
            // the order of the two does not matter; the child names ShardToMerge as its parent
            kinesis.mergeShards(b -> b.streamName(stream).shardToMerge("shardId-000000000001")
                    .adjacentShardToMerge("shardId-000000000000"));
            List<Shard> after = shards(kinesis, stream);
            assertThat(after).hasSize(4);
            Shard child = after.get(3);
            assertThat(child.shardId()).isEqualTo("shardId-000000000003");
            assertThat(child.parentShardId()).isEqualTo("shardId-000000000001");
            assertThat(child.adjacentParentShardId()).isEqualTo("shardId-000000000000");
            assertThat(child.hashKeyRange().startingHashKey()).isEqualTo("0");
            assertThat(child.hashKeyRange().endingHashKey()).isEqualTo(before.get(1).hashKeyRange().endingHashKey());
            assertThat(after.subList(0, 2)).allSatisfy(s -> assertThat(s.sequenceNumberRange().endingSequenceNumber()).isNotNull());
            assertThat(after.get(2).sequenceNumberRange().endingSequenceNumber()).isNull();
            assertThat(put(kinesis, stream, BigInteger.ZERO, "in-3")).isEqualTo(child.shardId());

            GetRecordsResponse end = kinesis.getRecords(b -> b.shardIterator(
                    iterator(kinesis, stream, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON)));
            assertThat(end.records()).extracting(r -> r.data().asUtf8String()).containsExactly("in-0");
            assertThat(end.nextShardIterator()).isNull();
            assertThat(end.childShards()).singleElement().satisfies(c -> {
                assertThat(c.shardId()).isEqualTo(child.shardId());
                assertThat(c.parentShards()).containsExactly("shardId-000000000001", "shardId-000000000000");
            });
            assertThatThrownBy(() -> kinesis.mergeShards(b -> b.streamName(stream).shardToMerge("shardId-000000000003")
                    .adjacentShardToMerge("shardId-000000000000")))
                    .isInstanceOf(ResourceInUseException.class);
            kinesis.deleteStream(b -> b.streamName(stream));
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void updateShardCountScalesUniformly(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 2);
            UpdateShardCountResponse up = kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(4)
                    .scalingType(ScalingType.UNIFORM_SCALING));
            assertThat(up.currentShardCount()).isEqualTo(2);
            assertThat(up.targetShardCount()).isEqualTo(4);
            assertThat(up.streamName()).isEqualTo(stream);
            assertThat(up.streamARN()).endsWith(":stream/" + stream);
            List<Shard> open = kinesis.listShards(b -> b.streamName(stream).shardFilter(f -> f.type(ShardFilterType.AT_LATEST)))
                    .shards();
            assertThat(open).extracting(Shard::shardId).containsExactly("shardId-000000000002", "shardId-000000000003",
                    "shardId-000000000004", "shardId-000000000005");
            assertEvenPartition(open);
            assertThat(open).extracting(Shard::parentShardId).containsExactly("shardId-000000000000", "shardId-000000000000",
                    "shardId-000000000001", "shardId-000000000001");

            assertThatThrownBy(() -> kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(9)
                    .scalingType(ScalingType.UNIFORM_SCALING)))
                    .isInstanceOf(LimitExceededException.class)
                    .hasMessageStartingWith("UpdateShardCount cannot scale up over double your current open shard count. "
                            + "Current open shard count: 4, Target shard count: 9");
            assertThatThrownBy(() -> kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(1)
                    .scalingType(ScalingType.UNIFORM_SCALING)))
                    .isInstanceOf(LimitExceededException.class)
                    .hasMessageStartingWith("UpdateShardCount cannot scale down below half your current open shard count. "
                            + "Current open shard count: 4, Target shard count: 1");
            assertThatThrownBy(() -> kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(0)
                    .scalingType(ScalingType.UNIFORM_SCALING)))
                    .hasMessageStartingWith("1 validation error detected: Value '0' at 'targetShardCount' failed to satisfy "
                            + "constraint: Member must have value greater than or equal to 1");
            assertThatThrownBy(() -> kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(3)))
                    .hasMessageStartingWith("1 validation error detected: Value null at 'scalingType' failed to satisfy "
                            + "constraint: Member must not be null");

            UpdateShardCountResponse down = kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(3)
                    .scalingType(ScalingType.UNIFORM_SCALING));
            assertThat(down.currentShardCount()).isEqualTo(4);
            List<Shard> three = kinesis.listShards(b -> b.streamName(stream).shardFilter(f -> f.type(ShardFilterType.AT_LATEST)))
                    .shards();
            assertThat(three).hasSize(3);
            assertEvenPartition(three);
            assertThat(three.get(0).parentShardId()).isEqualTo("shardId-000000000002");
            assertThat(three.get(0).adjacentParentShardId()).isEqualTo("shardId-000000000003");
            assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().openShardCount())
                    .isEqualTo(3);
            assertThat(shards(kinesis, stream)).hasSize(9);
            kinesis.deleteStream(b -> b.streamName(stream));
        }
    }

    private static void assertEvenPartition(List<Shard> open) {
        assertThat(open.get(0).hashKeyRange().startingHashKey()).isEqualTo("0");
        assertThat(open.get(open.size() - 1).hashKeyRange().endingHashKey()).isEqualTo(MAX_HASH.toString());
        BigInteger space = BigInteger.ONE.shiftLeft(128);
        for (int i = 0; i < open.size(); i++) {
            assertThat(new BigInteger(open.get(i).hashKeyRange().startingHashKey()))
                    .isEqualTo(space.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(open.size())));
        }
    }

    /** Writers keep writing while the shard splits: every acknowledged record is read once, and none lands in the closed parent. */
    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void writesDuringASplitLandInOpenShards(boolean cbor) throws Exception {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<List<String>>> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    List<String> acknowledged = new ArrayList<>();
                    for (int b = 0; b < 20; b++) {
                        List<PutRecordsRequestEntry> batch = new ArrayList<>();
                        for (int i = 0; i < 5; i++) {
                            batch.add(PutRecordsRequestEntry.builder().partitionKey("w" + writer + "-" + i)
                                    .data(SdkBytes.fromUtf8String(writer + ":" + b + ":" + i)).build());
                        }
                        PutRecordsResponse r = kinesis.putRecords(p -> p.streamName(stream).records(batch));
                        assertThat(r.failedRecordCount()).isZero();
                        batch.forEach(e -> acknowledged.add(e.data().asUtf8String()));
                    }
                    return acknowledged;
                }));
            }
            kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000").newStartingHashKey(HALF.toString()));
            Set<String> expected = new HashSet<>();
            for (Future<List<String>> f : writers) {
                expected.addAll(f.get());
            }
            pool.shutdown();
            List<Shard> shards = shards(kinesis, stream);
            String ending = shards.get(0).sequenceNumberRange().endingSequenceNumber();
            List<String> read = new ArrayList<>();
            for (Shard s : shards) {
                String it = iterator(kinesis, stream, s.shardId(), ShardIteratorType.TRIM_HORIZON);
                while (it != null) {
                    String current = it;
                    GetRecordsResponse got = kinesis.getRecords(b -> b.shardIterator(current));
                    for (Record r : got.records()) {
                        read.add(r.data().asUtf8String());
                        if (s.shardId().equals("shardId-000000000000")) {
                            assertThat(new BigInteger(r.sequenceNumber())).isLessThanOrEqualTo(new BigInteger(ending));
                        }
                    }
                    if (got.records().isEmpty() && got.nextShardIterator() != null) {
                        break; // an open child, read to its tip
                    }
                    it = got.nextShardIterator();
                }
            }
            assertThat(read).doesNotHaveDuplicates();
            assertThat(new HashSet<>(read)).isEqualTo(expected);
            kinesis.deleteStream(b -> b.streamName(stream));
        }
    }
}
