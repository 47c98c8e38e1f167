package dev.overcast.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.time.SuiteClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

class TimeToLiveTest {

    private final DynamoDbClient ddb = DynamoDbTestService.client();
    private final DynamoDbStreamsClient streams = DynamoDbTestService.streams();

    @Test
    void expiredItemsAreDeletedByTheServiceWithAStreamRecord() throws Exception {
        String table = DynamoDbTestService.createTable(ddb, null);
        ddb.updateTable(b -> b.tableName(table).streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.OLD_IMAGE)));
        assertThat(ddb.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.DISABLED);
        ddb.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(s -> s.enabled(true).attributeName("expires")));
        assertThat(ddb.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription())
                .isEqualTo(TimeToLiveDescription.builder().timeToLiveStatus(TimeToLiveStatus.ENABLED).attributeName("expires").build());
        assertThatThrownBy(() -> ddb.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(s -> s.enabled(true).attributeName("expires"))))
                .hasMessageContaining("TimeToLive is already enabled");

        long now = Instant.now().getEpochSecond();
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("old"), "expires", AttributeValue.fromN(Long.toString(now - 60)))));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("future"), "expires", AttributeValue.fromN(Long.toString(now + 3600)))));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("text"), "expires", AttributeValue.fromS("yesterday"))));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("none"))));

        long deadline = System.currentTimeMillis() + 60_000;
        while (ddb.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("old")))).hasItem()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(ddb.scan(b -> b.tableName(table)).items()).extracting(i -> i.get("pk").s())
                .containsExactlyInAnyOrder("future", "text", "none");

        String arn = ddb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        String shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String it = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<software.amazon.awssdk.services.dynamodb.model.Record> records = streams.getRecords(b -> b.shardIterator(it)).records();
        // the sweeper may remove "old" before the later puts are written, so the REMOVE need not be the last record
        List<software.amazon.awssdk.services.dynamodb.model.Record> removals = records.stream()
                .filter(r -> r.eventName() == OperationType.REMOVE).toList();
        assertThat(removals).hasSize(1);
        software.amazon.awssdk.services.dynamodb.model.Record removal = removals.get(0);
        assertThat(removal.dynamodb().keys().get("pk").s()).isEqualTo("old");
        assertThat(removal.userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(removal.userIdentity().type()).isEqualTo("Service");
        assertThat(removal.dynamodb().oldImage()).containsKey("expires");
    }

    @Test
    void theSweeperReadsTheSuiteClockSoAnAdvancedClockExpiresItems() throws Exception {
        String table = DynamoDbTestService.createTable(ddb, null);
        ddb.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(s -> s.enabled(true).attributeName("expires")));
        long inTwoDays = Instant.now().plus(Duration.ofDays(2)).getEpochSecond();
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("soon"), "expires", AttributeValue.fromN(Long.toString(inTwoDays)))));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("later"),
                "expires", AttributeValue.fromN(Long.toString(inTwoDays + Duration.ofDays(30).toSeconds())))));
        SuiteClock clock = DynamoDbTestService.bean(SuiteClock.class);
        clock.advance(Duration.ofDays(3));
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (ddb.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("soon")))).hasItem()
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertThat(ddb.scan(b -> b.tableName(table)).items()).extracting(i -> i.get("pk").s()).containsExactly("later");
        } finally {
            clock.advance(Duration.ofDays(3).negated());
        }
    }
}
