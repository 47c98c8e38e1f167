package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static dev.overcast.dynamodb.DynamoDbTestService.n;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

class StreamsTest {

    private final DynamoDbClient ddb = DynamoDbTestService.client();
    private final DynamoDbStreamsClient streams = DynamoDbTestService.streams();



    @Test
    void aStreamWithoutRecordsDescribesItsShard() {
        String table = streamTable(StreamViewType.KEYS_ONLY);
        String arn = ddb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        StreamDescription d = streams.describeStream(b -> b.streamArn(arn)).streamDescription();
        assertThat(d.shards()).hasSize(1);
        assertThat(d.shards().get(0).sequenceNumberRange().startingSequenceNumber()).matches("[0-9]{21}");
        assertThat(d.shards().get(0).sequenceNumberRange().endingSequenceNumber()).isNull();
    }

    private String streamTable(StreamViewType view) {
        String table = DynamoDbTestService.createTable(ddb, null);
        ddb.updateTable(b -> b.tableName(table).streamSpecification(x -> x.streamEnabled(true).streamViewType(view)));
        return table;
    }

    private List<software.amazon.awssdk.services.dynamodb.model.Record> readAll(String streamArn) {
        assertThat(streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().streamStatus())
                .isEqualTo(StreamStatus.ENABLED);
        return StreamReading.readByLineage(streams, streamArn);
    }

    @Test
    void everyChangeOfAMixedWorkloadInOrder() {
        String table = streamTable(StreamViewType.NEW_AND_OLD_IMAGES);
        String arn = ddb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        assertThat(streams.listStreams(b -> b.tableName(table)).streams()).extracting(x -> x.streamArn()).containsExactly(arn);

        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "v", n("1"))));
        ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s("a"))).updateExpression("SET v = v + :one")
                .expressionAttributeValues(Map.of(":one", n("1"))));
        ddb.batchWriteItem(b -> b.requestItems(Map.of(table, List.of(
                WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("b")))).build()))));
        ddb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(Map.of("pk", s("a")))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of("pk", s("c")))).build()));
        try {
            ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("b"))).conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException expected) {
            // a refused write leaves no record
        }
        ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("nobody")))); // deleting nothing leaves no record

        List<software.amazon.awssdk.services.dynamodb.model.Record> records = readAll(arn);
        assertThat(records).extracting(r -> r.eventName().toString() + ":" + r.dynamodb().keys().get("pk").s())
                .containsExactlyInAnyOrder("INSERT:a", "MODIFY:a", "INSERT:b", "REMOVE:a", "INSERT:c");
        assertThat(records.subList(0, 3)).extracting(r -> r.eventName().toString() + ":" + r.dynamodb().keys().get("pk").s())
                .containsExactly("INSERT:a", "MODIFY:a", "INSERT:b");
        assertThat(records.get(1).dynamodb().oldImage()).containsEntry("v", n("1"));
        assertThat(records.get(1).dynamodb().newImage()).containsEntry("v", n("2"));
        assertThat(records).extracting(r -> r.dynamodb().sequenceNumber()).isSorted().doesNotHaveDuplicates();
        assertThat(records.get(0).eventSource()).isEqualTo("aws:dynamodb");

        String latest = streams.getShardIterator(b -> b.streamArn(arn)
                .shardId(streams.describeStream(x -> x.streamArn(arn)).streamDescription().shards().get(0).shardId())
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("d"))));
        GetRecordsResponse after = streams.getRecords(b -> b.shardIterator(latest));
        assertThat(after.records()).extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("d");
        assertThat(after.records().get(0).dynamodb().oldImage()).isEmpty();
    }

    @Test
    void concurrentWritersLoseNoRecordAndDuplicateNone() throws Exception {
        String table = streamTable(StreamViewType.KEYS_ONLY);
        String arn = ddb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    int n = i;
                    ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s(thread + "-" + n))));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        List<software.amazon.awssdk.services.dynamodb.model.Record> records = readAll(arn);
        assertThat(records).hasSize(120);
        assertThat(records).extracting(r -> r.dynamodb().keys().get("pk").s()).doesNotHaveDuplicates();
        assertThat(records.get(0).dynamodb().newImage()).isEmpty();
    }
}
