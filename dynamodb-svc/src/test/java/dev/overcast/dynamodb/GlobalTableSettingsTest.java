package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static dev.overcast.dynamodb.DynamoDbTestService.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * An UpdateTable of one replica of a global table (version 2019.11.21) through the SDK: the settings DynamoDB keeps
 * alike (billing mode, write capacity, global secondary indexes, time to live) reach every replica, the replica's own (deletion
 * protection, a read capacity override) stay its own.
 */
class GlobalTableSettingsTest {

    private final DynamoDbClient east = DynamoDbTestService.client("000000000000", "us-east-1");
    private final DynamoDbClient west = DynamoDbTestService.client("000000000000", "eu-west-1");

    @Test
    void sharedSettingsOfOneReplicaReachEveryReplica() throws Exception {
        String name = DynamoDbTestService.createTable(east, null);
        east.putItem(b -> b.tableName(name).item(Map.of("pk", s("a"), "g", s("x"))));
        east.updateTable(b -> b.tableName(name).replicaUpdates(
                ReplicationGroupUpdate.builder().create(c -> c.regionName("eu-west-1")).build()));

        // billing mode and capacity, from the replica in eu-west-1
        west.updateTable(b -> b.tableName(name).billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(7L)));
        TableDescription home = east.describeTable(b -> b.tableName(name)).table();
        assertThat(home.billingModeSummary().billingMode()).isEqualTo(BillingMode.PROVISIONED);
        assertThat(home.provisionedThroughput().writeCapacityUnits()).isEqualTo(7L);
        assertThat(home.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);

        // a read capacity override stays the replica's own; the write capacity is shared
        east.updateTable(b -> b.tableName(name).replicaUpdates(ReplicationGroupUpdate.builder()
                .update(u -> u.regionName("eu-west-1").provisionedThroughputOverride(o -> o.readCapacityUnits(9L))).build()));
        east.updateTable(b -> b.tableName(name).provisionedThroughput(p -> p.readCapacityUnits(6L).writeCapacityUnits(8L)));
        ProvisionedThroughputDescription replica = west.describeTable(b -> b.tableName(name)).table().provisionedThroughput();
        assertThat(replica.readCapacityUnits()).isEqualTo(9L);
        assertThat(replica.writeCapacityUnits()).isEqualTo(8L);

        // a global secondary index created on one replica is created, and backfilled, on every replica
        west.updateTable(b -> b.tableName(name)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(c -> c.indexName("byG")
                        .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))).build()));
        assertThat(eventually(() -> east.describeTable(b -> b.tableName(name)).table().globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndexDescription::indexStatus).toList(), java.util.List.of(IndexStatus.ACTIVE)))
                .containsExactly(IndexStatus.ACTIVE);
        assertThat(east.query(b -> b.tableName(name).indexName("byG").keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", s("x")))).count()).isEqualTo(1);

        // so is time to live
        west.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.enabled(true).attributeName("expires")));
        assertThat(east.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription().attributeName()).isEqualTo("expires");

        // deletion protection is each replica's own
        east.updateTable(b -> b.tableName(name).deletionProtectionEnabled(true));
        assertThat(west.describeTable(b -> b.tableName(name)).table().deletionProtectionEnabled()).isNotEqualTo(Boolean.TRUE);

        // and deleting the index deletes it everywhere
        east.updateTable(b -> b.tableName(name).globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
                .delete(d -> d.indexName("byG")).build()));
        assertThat(west.describeTable(b -> b.tableName(name)).table().globalSecondaryIndexes()).isEmpty();
        east.updateTable(b -> b.tableName(name).deletionProtectionEnabled(false));
    }
}
