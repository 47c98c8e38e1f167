package dev.overcast.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.kinesis.iterator.ShardIterator;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.*;
import software.amazon.awssdk.services.kinesis.model.Record;

/** PutRecord(s), GetShardIterator and GetRecords, with the SDK in CBOR (its default) and in JSON 1.1. */
class RecordTest {

    static String iterator(KinesisClient kinesis, String stream, String shard, ShardIteratorType type) {
        return kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard).shardIteratorType(type)).shardIterator();
    }

    static BigInteger md5(String key) throws Exception {
        return new BigInteger(1, MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void putAndGetRecordsWithBinaryData(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            String it = iterator(kinesis, stream, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON);
            byte[] bytes = new byte[256];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) i;
            }
            Instant before = Instant.now().minusSeconds(1);
            PutRecordResponse put = kinesis.putRecord(b -> b.streamName(stream).partitionKey("pk").data(SdkBytes.fromByteArray(bytes)));
            assertThat(put.shardId()).isEqualTo("shardId-000000000000");
            assertThat(put.sequenceNumber()).hasSize(56).startsWith("49");
            assertThat(put.encryptionType()).isEqualTo(EncryptionType.NONE);

            GetRecordsResponse got = kinesis.getRecords(b -> b.shardIterator(it));
            assertThat(got.records()).hasSize(1);
            Record r = got.records().get(0);
            assertThat(r.data().asByteArray()).isEqualTo(bytes);
            assertThat(r.partitionKey()).isEqualTo("pk");
            assertThat(r.sequenceNumber()).isEqualTo(put.sequenceNumber());
            assertThat(r.approximateArrivalTimestamp()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
            assertThat(got.millisBehindLatest()).isZero();
            assertThat(got.nextShardIterator()).isNotEqualTo(it);
            GetRecordsResponse none = kinesis.getRecords(b -> b.shardIterator(got.nextShardIterator()));
            assertThat(none.records()).isEmpty();
            assertThat(none.nextShardIterator()).isNotNull();

            // an empty blob is a record too
            kinesis.putRecord(b -> b.streamName(stream).partitionKey("empty").data(SdkBytes.fromByteArray(new byte[0])));
            assertThat(kinesis.getRecords(b -> b.shardIterator(none.nextShardIterator())).records())
                    .singleElement().satisfies(e -> assertThat(e.data().asByteArray()).isEmpty());
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void partitionKeysAndExplicitHashKeysRouteToTheShardHoldingTheHash(boolean cbor) throws Exception {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 4);
            List<Shard> shards = kinesis.listShards(b -> b.streamName(stream)).shards();
            for (int i = 0; i < 40; i++) {
                String key = "key-" + i;
                BigInteger hash = md5(key);
                String expected = shards.stream().filter(s -> holds(s, hash)).findFirst().orElseThrow().shardId();
                assertThat(kinesis.putRecord(b -> b.streamName(stream).partitionKey(key).data(SdkBytes.fromUtf8String(key))).shardId())
                        .as("shard of %s (hash %s)", key, hash).isEqualTo(expected);
            }
            for (Shard s : shards) {
                String start = s.hashKeyRange().startingHashKey();
                String end = s.hashKeyRange().endingHashKey();
                assertThat(kinesis.putRecord(b -> b.streamName(stream).partitionKey("x").explicitHashKey(start)
                        .data(SdkBytes.fromUtf8String("s"))).shardId()).isEqualTo(s.shardId());
                assertThat(kinesis.putRecord(b -> b.streamName(stream).partitionKey("x").explicitHashKey(end)
                        .data(SdkBytes.fromUtf8String("e"))).shardId()).isEqualTo(s.shardId());
            }
            String tooBig = BigInteger.ONE.shiftLeft(128).toString();
            assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(stream).partitionKey("x").explicitHashKey(tooBig)
                    .data(SdkBytes.fromUtf8String("d"))))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. "
                            + "Specified value was " + tooBig);
        }
    }

    static boolean holds(Shard s, BigInteger hash) {
        return hash.compareTo(new BigInteger(s.hashKeyRange().startingHashKey())) >= 0
                && hash.compareTo(new BigInteger(s.hashKeyRange().endingHashKey())) <= 0;
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void putRecordsKeepsOrderPerShardAndAnswersPerRecord(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 2);
            List<PutRecordsRequestEntry> entries = IntStream.range(0, 500).mapToObj(i -> PutRecordsRequestEntry.builder()
                    .partitionKey("k" + (i % 7)).data(SdkBytes.fromUtf8String("r" + i)).build()).toList();
            PutRecordsResponse put = kinesis.putRecords(b -> b.streamName(stream).records(entries));
            assertThat(put.failedRecordCount()).isZero();
            assertThat(put.records()).hasSize(500).allSatisfy(e -> {
                assertThat(e.errorCode()).isNull();
                assertThat(e.sequenceNumber()).isNotNull();
            });
            List<String> read = new ArrayList<>();
            for (String shard : List.of("shardId-000000000000", "shardId-000000000001")) {
                String it = iterator(kinesis, stream, shard, ShardIteratorType.TRIM_HORIZON);
                List<Record> records = new ArrayList<>();
                GetRecordsResponse page;
                do {
                    String current = it;
                    page = kinesis.getRecords(b -> b.shardIterator(current).limit(100));
                    records.addAll(page.records());
                    it = page.nextShardIterator();
                } while (!page.records().isEmpty());
                // in each shard the records come in the order they were put, with increasing sequence numbers
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    if (put.records().get(i).shardId().equals(shard)) {
                        expected.add("r" + i);
                    }
                }
                assertThat(records).extracting(r -> r.data().asUtf8String()).containsExactlyElementsOf(expected);
                for (int i = 1; i < records.size(); i++) {
                    assertThat(new BigInteger(records.get(i).sequenceNumber()))
                            .isGreaterThan(new BigInteger(records.get(i - 1).sequenceNumber()));
                }
                records.forEach(r -> read.add(r.data().asUtf8String()));
            }
            assertThat(read).hasSize(500).doesNotHaveDuplicates();
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void iteratorPositions(boolean cbor) throws Exception {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            String shard = "shardId-000000000000";
            List<String> seqs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String data = "a" + i;
                seqs.add(kinesis.putRecord(b -> b.streamName(stream).partitionKey("p").data(SdkBytes.fromUtf8String(data))).sequenceNumber());
            }
            String latest = iterator(kinesis, stream, shard, ShardIteratorType.LATEST);
            Thread.sleep(5);
            Instant between = Instant.now();
            Thread.sleep(5);
            for (int i = 3; i < 5; i++) {
                String data = "a" + i;
                seqs.add(kinesis.putRecord(b -> b.streamName(stream).partitionKey("p").data(SdkBytes.fromUtf8String(data))).sequenceNumber());
            }
            assertThat(data(kinesis, latest)).containsExactly("a3", "a4");
            assertThat(data(kinesis, iterator(kinesis, stream, shard, ShardIteratorType.TRIM_HORIZON)))
                    .containsExactly("a0", "a1", "a2", "a3", "a4");
            assertThat(data(kinesis, kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard)
                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(seqs.get(1))).shardIterator()))
                    .containsExactly("a1", "a2", "a3", "a4");
            assertThat(data(kinesis, kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard)
                    .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(seqs.get(1))).shardIterator()))
                    .containsExactly("a2", "a3", "a4");
            assertThat(data(kinesis, kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard)
                    .shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(between)).shardIterator()))
                    .containsExactly("a3", "a4");
            assertThat(data(kinesis, kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard)
                    .shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(Instant.now().minusSeconds(3600))).shardIterator()))
                    .hasSize(5);
            // Limit, and MillisBehindLatest while records wait behind the ones returned
            GetRecordsResponse two = kinesis.getRecords(b -> b.shardIterator(iterator(kinesis, stream, shard,
                    ShardIteratorType.TRIM_HORIZON)).limit(2));
            assertThat(two.records()).extracting(r -> r.data().asUtf8String()).containsExactly("a0", "a1");
            assertThat(two.millisBehindLatest()).isNotNull();
            assertThat(data(kinesis, two.nextShardIterator())).containsExactly("a2", "a3", "a4");
        }
    }

    static List<String> data(KinesisClient kinesis, String iterator) {
        return kinesis.getRecords(b -> b.shardIterator(iterator)).records().stream().map(r -> r.data().asUtf8String()).toList();
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void iteratorErrors(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 2);
            String seq0 = kinesis.putRecord(b -> b.streamName(stream).partitionKey("p").explicitHashKey("0")
                    .data(SdkBytes.fromUtf8String("x"))).sequenceNumber();
            assertThatThrownBy(() -> iterator(kinesis, stream, "shardId-000000000007", ShardIteratorType.LATEST))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageStartingWith("Shard shardId-000000000007 in stream " + stream + " under account 000000000000 does not exist");
            assertThatThrownBy(() -> iterator(kinesis, "nope-" + stream, "shardId-000000000000", ShardIteratorType.LATEST))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and "
                            + "StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "
                            + "Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber.");
            assertThatThrownBy(() -> kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000001")
                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(seq0)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("Invalid StartingSequenceNumber. It encodes shardId-000000000000, while it was "
                            + "used in a call to a shard with shardId-000000000001");
            assertThatThrownBy(() -> kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber("12345")))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("StartingSequenceNumber 12345 used in GetShardIterator on shard shardId-000000000000 in stream "
                            + stream + " under account 000000000000 is invalid.");
            assertThatThrownBy(() -> kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.AT_TIMESTAMP)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP.");
            assertThatThrownBy(() -> kinesis.getRecords(b -> b.shardIterator("bm90IGFuIGl0ZXJhdG9y")))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("Invalid ShardIterator.");
            String good = iterator(kinesis, stream, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON);
            ShardIterator decoded = ShardIterator.decode(good).orElseThrow();
            String old = new ShardIterator(decoded.streamId(), decoded.streamName(), decoded.shardIndex(), decoded.position(),
                    Instant.now().minusSeconds(301)).encode();
            assertThatThrownBy(() -> kinesis.getRecords(b -> b.shardIterator(old)))
                    .isInstanceOf(ExpiredIteratorException.class)
                    .hasMessageStartingWith("Iterator expired. The iterator was created at time ")
                    .hasMessageContaining("which is further in the future than the tolerated delay of 300000 milliseconds.");
            assertThatThrownBy(() -> kinesis.getRecords(b -> b.shardIterator(good).limit(10001)))
                    .hasMessageStartingWith("1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: "
                            + "Member must have value less than or equal to 10000");
            kinesis.deleteStream(b -> b.streamName(stream));
            assertThatThrownBy(() -> kinesis.getRecords(b -> b.shardIterator(good)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void recordLimitsAndValidation(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            // 1 MiB counts the data and the partition key together
            byte[] mib = new byte[1024 * 1024 - 2];
            kinesis.putRecord(b -> b.streamName(stream).partitionKey("ab").data(SdkBytes.fromByteArray(mib)));
            assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(stream).partitionKey("abc").data(SdkBytes.fromByteArray(mib))))
                    .isInstanceOf(InvalidArgumentException.class);
            // data over the stream's maximum record size (1 MiB unless raised) but within the model's 10 MiB: the
            // stream refuses it, not the request's validation
            byte[] over = new byte[1024 * 1024 + 1];
            assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromByteArray(over))))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("Record size (1048578 bytes) exceeds the maximum record size of 1048576 bytes for stream "
                            + stream + ".");
            assertThatThrownBy(() -> kinesis.putRecords(b -> b.streamName(stream).records(PutRecordsRequestEntry.builder()
                    .partitionKey("k").data(SdkBytes.fromByteArray(over)).build())))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("Record size (1048578 bytes) exceeds the maximum record size");
            assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(stream).partitionKey("x".repeat(257))
                    .data(SdkBytes.fromUtf8String("d"))))
                    .hasMessageContaining("at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256");
            assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(stream).partitionKey("")
                    .data(SdkBytes.fromUtf8String("d"))))
                    .hasMessageContaining("at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1");
            List<PutRecordsRequestEntry> tooMany = IntStream.range(0, 501).mapToObj(i -> PutRecordsRequestEntry.builder()
                    .partitionKey("k").data(SdkBytes.fromUtf8String("d")).build()).toList();
            assertThatThrownBy(() -> kinesis.putRecords(b -> b.streamName(stream).records(tooMany)))
                    .hasMessageContaining("at 'records' failed to satisfy constraint: Member must have length less than or equal to 500");
            List<PutRecordsRequestEntry> tooLarge = IntStream.range(0, 11).mapToObj(i -> PutRecordsRequestEntry.builder()
                    .partitionKey("k").data(SdkBytes.fromByteArray(new byte[1000 * 1000])).build()).toList();
            assertThatThrownBy(() -> kinesis.putRecords(b -> b.streamName(stream).records(tooLarge)))
                    .isInstanceOf(InvalidArgumentException.class);
            assertThatThrownBy(() -> kinesis.putRecords(b -> b.streamName(stream).records(PutRecordsRequestEntry.builder()
                    .partitionKey("").data(SdkBytes.fromUtf8String("d")).build())))
                    .hasMessageContaining("at 'records.1.member.partitionKey' failed to satisfy constraint");
            assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName("nope-" + stream).partitionKey("k")
                    .data(SdkBytes.fromUtf8String("d"))))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageStartingWith("Stream nope-" + stream + " under account 000000000000 not found.");
            // nothing of the refused requests was written
            GetRecordsResponse all = kinesis.getRecords(b -> b.shardIterator(iterator(kinesis, stream, "shardId-000000000000",
                    ShardIteratorType.TRIM_HORIZON)));
            assertThat(all.records()).hasSize(1);
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void sequenceNumberForOrderingIsHonoured(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 2);
            String first = kinesis.putRecord(b -> b.streamName(stream).partitionKey("p").explicitHashKey("0")
                    .data(SdkBytes.fromUtf8String("1"))).sequenceNumber();
            String second = kinesis.putRecord(b -> b.streamName(stream).partitionKey("p").explicitHashKey("0")
                    .sequenceNumberForOrdering(first).data(SdkBytes.fromUtf8String("2"))).sequenceNumber();
            assertThat(new BigInteger(second)).isGreaterThan(new BigInteger(first));
            assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(stream).partitionKey("p")
                    .sequenceNumberForOrdering("42").data(SdkBytes.fromUtf8String("3"))))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("ExclusiveMinimumSequenceNumber 42 used in PutRecord on stream " + stream
                            + " under account 000000000000 is invalid.");
        }
    }
}
