package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.n;
import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.time.SuiteClock;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Stream shards with lineage, read as the KCL's DynamoDB Streams adapter reads them (parents before children) with
 * the SDK's DynamoDbStreamsClient. The test service splits a shard after 50 records.
 */
class StreamShardsTest {

    private final DynamoDbClient ddb = DynamoDbTestService.client();
    private final DynamoDbStreamsClient streams = DynamoDbTestService.streams();
    private final SuiteClock clock = DynamoDbTestService.bean(SuiteClock.class);
    private Duration advanced = Duration.ZERO;

    @AfterEach
    void resetClock() {
        clock.advance(advanced.negated());
    }

    private void advance(Duration by) {
        clock.advance(by);
        advanced = advanced.plus(by);
    }

    private String streamTable() {
        String table = DynamoDbTestService.createTable(ddb, null);
        ddb.updateTable(b -> b.tableName(table).streamSpecification(x -> x.streamEnabled(true)
                .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        return ddb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
    }

    private static String tableOf(String streamArn) {
        return streamArn.substring(streamArn.indexOf("table/") + 6, streamArn.indexOf("/stream/"));
    }

    private static String event(Record r) {
        return r.eventNameAsString() + ":" + r.dynamodb().keys().get("pk").s()
                + (r.dynamodb().newImage().containsKey("v") ? "=" + r.dynamodb().newImage().get("v").n() : "");
    }

    private static BigInteger seq(String s) {
        return new BigInteger(s);
    }

    @Test
    void aShardRollsOverAfterFourHoursIntoAChildThatContinuesIt() {
        String arn = streamTable();
        String table = tableOf(arn);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "v", n("1"))));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("b"), "v", n("1"))));
        List<Shard> before = StreamReading.shards(streams, arn);
        assertThat(before).hasSize(1);
        assertThat(before.get(0).parentShardId()).isNull();
        assertThat(before.get(0).shardId()).matches("shardId-[0-9]{20}-[0-9a-f]{8}");

        advance(Duration.ofHours(4).plusMinutes(1));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "v", n("2"))));

        List<Shard> after = StreamReading.shards(streams, arn);
        assertThat(after).hasSize(2);
        Shard parent = after.get(0);
        Shard child = after.get(1);
        assertThat(parent.shardId()).isEqualTo(before.get(0).shardId());
        assertThat(parent.sequenceNumberRange().endingSequenceNumber()).isNotNull();
        assertThat(child.parentShardId()).isEqualTo(parent.shardId());
        assertThat(child.sequenceNumberRange().endingSequenceNumber()).isNull();
        assertThat(seq(child.sequenceNumberRange().startingSequenceNumber()))
                .isGreaterThan(seq(parent.sequenceNumberRange().endingSequenceNumber()));

        // the closed parent: its records, then no next iterator
        List<Record> inParent = StreamReading.readShard(streams, arn, parent);
        assertThat(inParent).extracting(StreamShardsTest::event).containsExactly("INSERT:a=1", "INSERT:b=1");
        assertThat(inParent.getLast().dynamodb().sequenceNumber()).isEqualTo(parent.sequenceNumberRange().endingSequenceNumber());
        String atEnd = streams.getShardIterator(b -> b.streamArn(arn).shardId(parent.shardId())
                .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                .sequenceNumber(parent.sequenceNumberRange().endingSequenceNumber())).shardIterator();
        GetRecordsResponse end = streams.getRecords(b -> b.shardIterator(atEnd));
        assertThat(end.records()).isEmpty();
        assertThat(end.nextShardIterator()).isNull();

        assertThat(StreamReading.readShard(streams, arn, child)).extracting(StreamShardsTest::event).containsExactly("MODIFY:a=2");

        // a stream idle for four hours rolls over too, as DescribeStream shows it
        advance(Duration.ofHours(4).plusMinutes(1));
        List<Shard> idle = StreamReading.shards(streams, arn);
        assertThat(idle).hasSize(3);
        assertThat(idle.get(1).sequenceNumberRange().endingSequenceNumber()).isNotNull();
        assertThat(idle.get(2).parentShardId()).isEqualTo(child.shardId());
    }

    @Test
    void shardsSplitAsTheTableGrowsAndEveryItemStaysInOrder() {
        String arn = streamTable();
        String table = tableOf(arn);
        Map<String, Integer> last = new LinkedHashMap<>();
        for (int round = 1; round <= 3; round++) {
            for (int i = 0; i < 60; i++) {
                String key = "item-" + i;
                int v = round;
                ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s(key), "v", n(Integer.toString(v)))));
                last.put(key, v);
            }
        }
        ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("item-7"))));

        List<Shard> shards = StreamReading.shards(streams, arn);
        assertThat(shards.size()).as("the first shard split (50 records a shard in the test service)").isGreaterThanOrEqualTo(3);
        Shard root = shards.get(0);
        assertThat(root.parentShardId()).isNull();
        assertThat(root.sequenceNumberRange().endingSequenceNumber()).isNotNull();
        assertThat(shards).filteredOn(x -> root.shardId().equals(x.parentShardId())).hasSize(2);
        Set<String> ids = shards.stream().map(Shard::shardId).collect(Collectors.toSet());
        assertThat(shards.subList(1, shards.size())).allSatisfy(x -> assertThat(ids).contains(x.parentShardId()));
        assertThat(shards).filteredOn(x -> x.sequenceNumberRange().endingSequenceNumber() != null)
                .allSatisfy(x -> assertThat(seq(x.sequenceNumberRange().endingSequenceNumber()))
                        .isGreaterThanOrEqualTo(seq(x.sequenceNumberRange().startingSequenceNumber())));

        List<Record> records = StreamReading.readByLineage(streams, arn);
        assertThat(records).hasSize(181);
        Map<String, List<String>> byItem = new LinkedHashMap<>();
        for (Record r : records) {
            byItem.computeIfAbsent(r.dynamodb().keys().get("pk").s(), k -> new ArrayList<>()).add(event(r));
        }
        assertThat(byItem).hasSize(60);
        assertThat(byItem.get("item-3")).containsExactly("INSERT:item-3=1", "MODIFY:item-3=2", "MODIFY:item-3=3");
        assertThat(byItem.get("item-7")).containsExactly("INSERT:item-7=1", "MODIFY:item-7=2", "MODIFY:item-7=3", "REMOVE:item-7");
        byItem.forEach((key, events) -> assertThat(events.get(0)).startsWith("INSERT:"));

        // within a shard, sequence numbers increase
        for (Shard shard : shards) {
            assertThat(StreamReading.readShard(streams, arn, shard)).extracting(r -> seq(r.dynamodb().sequenceNumber())).isSorted();
        }
    }

    @Test
    void iteratorsOfEveryTypeOnAShardAndAStreamThatIsDisabled() {
        String arn = streamTable();
        String table = tableOf(arn);
        for (int i = 1; i <= 3; i++) {
            int v = i;
            ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("x"), "v", n(Integer.toString(v)))));
        }
        Shard shard = StreamReading.shards(streams, arn).get(0);
        List<Record> all = StreamReading.readShard(streams, arn, shard);
        String second = all.get(1).dynamodb().sequenceNumber();
        String at = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(second)).shardIterator();
        assertThat(streams.getRecords(b -> b.shardIterator(at)).records()).extracting(StreamShardsTest::event)
                .containsExactly("MODIFY:x=2", "MODIFY:x=3");
        String after = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(second)).shardIterator();
        assertThat(streams.getRecords(b -> b.shardIterator(after)).records()).extracting(StreamShardsTest::event)
                .containsExactly("MODIFY:x=3");
        String latest = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
        GetRecordsResponse nothingYet = streams.getRecords(b -> b.shardIterator(latest));
        assertThat(nothingYet.records()).isEmpty();
        assertThat(nothingYet.nextShardIterator()).isNotNull();

        assertThatThrownBy(() -> streams.getShardIterator(b -> b.streamArn(arn).shardId("shardId-00000000000000000000-00000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber("000000000000000000000")))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("Invalid SequenceNumber");

        // disabling the stream closes its shards: a reader gets to their end
        ddb.updateTable(b -> b.tableName(table).streamSpecification(x -> x.streamEnabled(false)));
        StreamDescription disabled = streams.describeStream(b -> b.streamArn(arn)).streamDescription();
        assertThat(disabled.streamStatus()).isEqualTo(StreamStatus.DISABLED);
        assertThat(disabled.shards()).allSatisfy(x -> assertThat(x.sequenceNumberRange().endingSequenceNumber()).isNotNull());
        GetRecordsResponse closed = streams.getRecords(b -> b.shardIterator(nothingYet.nextShardIterator()));
        assertThat(closed.records()).isEmpty();
        assertThat(closed.nextShardIterator()).isNull();
    }
}
